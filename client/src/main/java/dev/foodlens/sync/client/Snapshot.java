package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's state as last pulled, per user, entity and key: profile and settings fields,
 * allergies by code, history entries and conflicts by id. Each change of the feed carries its
 * key's whole new state, so applying one is an upsert and applying it twice is harmless.
 */
final class Snapshot {
  private Snapshot() {}

  /** Applies one change; answers its version. */
  static long apply(Db db, String userId, JsonNode change) throws SQLException {
    String entity = change.path("entity").asText();
    String key;
    JsonNode value;
    switch (entity) {
      case "profile", "settings" -> {
        key = change.path("field").asText();
        value = change.path("value");
      }
      case "allergy" -> {
        key = change.path("allergen").asText();
        value = copy(change, "present", "severity", "pendingConfirmation");
      }
      case "history" -> {
        key = change.path("id").asText();
        value = copy(change, "deleted", "entry");
      }
      case "conflict" -> {
        key = change.path("conflict").path("id").asText();
        value = change.path("conflict");
      }
      default -> {
        return change.path("version").asLong();
      }
    }
    db.update("INSERT INTO snapshot (user_id, entity, key, value) VALUES (?, ?, ?, ?) "
        + "ON CONFLICT (user_id, entity, key) DO UPDATE SET value = excluded.value",
        userId, entity, key, value.isMissingNode() ? "null" : value.toString());
    return change.path("version").asLong();
  }

  /** Applies a page and moves the checkpoint, in the caller's transaction. */
  static void page(Db db, String userId, List<JsonNode> changes, String checkpoint,
      java.time.Instant at) throws SQLException {
    long max = 0;
    for (JsonNode change : changes) {
      max = Math.max(max, apply(db, userId, change));
    }
    SyncState.load(db, userId).pulled(checkpoint, max, at).save(db, userId);
  }

  /** Replaces the user's whole snapshot with a bootstrap's changes (the queue stays). */
  static void replace(Db db, String userId, List<JsonNode> changes, String checkpoint,
      java.time.Instant at) throws SQLException {
    db.update("DELETE FROM snapshot WHERE user_id = ?", userId);
    SyncState old = SyncState.load(db, userId);
    new SyncState(null, 0, old.lastSyncAt(), old.failures(), old.retryAt()).save(db, userId);
    page(db, userId, changes, checkpoint, at);
  }

  static Map<String, JsonNode> entity(Db db, String userId, String entity) throws SQLException {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    db.query("SELECT key, value FROM snapshot WHERE user_id = ? AND entity = ? ORDER BY key",
        rs -> rows.put(rs.getString(1), Json.parse(rs.getString(2))), userId, entity);
    return rows;
  }

  private static ObjectNode copy(JsonNode from, String... names) {
    ObjectNode to = Json.object();
    for (String name : names) {
      if (from.has(name)) {
        to.set(name, from.get(name));
      }
    }
    return to;
  }
}
