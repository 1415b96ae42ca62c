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
    String sortKey = entity.equals(Entity.HISTORY.feed()) ? HistoryOrder.key(value) : null;
    db.update("INSERT INTO snapshot (user_id, entity, key, value, sort_key) VALUES (?, ?, ?, ?, "
        + "?) ON CONFLICT (user_id, entity, key) DO UPDATE SET value = excluded.value, "
        + "sort_key = excluded.sort_key", userId, entity, key,
        value.isMissingNode() ? "null" : value.toString(), sortKey);
    return change.path("version").asLong();
  }

  /**
   * Applies a page and moves the checkpoint, in the caller's transaction; answers the conflicts
   * it opened (open now, not open in the snapshot before), in feed order.
   */
  static List<Conflict> page(Db db, String userId, List<JsonNode> changes, String checkpoint,
      java.time.Instant at) throws SQLException {
    long max = 0;
    Map<String, Conflict> opened = new LinkedHashMap<>();
    for (JsonNode change : changes) {
      JsonNode conflict = change.path("conflict");
      boolean open = change.path("entity").asText().equals(Entity.CONFLICT.feed())
          && conflict.path("state").asText().equals("open");
      String id = conflict.path("id").asText();
      if (open && !opened.containsKey(id) && !openIn(db, userId, id)) {
        opened.put(id, Conflict.of(id, conflict));
      } else if (!open) {
        opened.remove(id);
      }
      max = Math.max(max, apply(db, userId, change));
    }
    SyncState.load(db, userId).pulled(checkpoint, max, at).save(db, userId);
    return List.copyOf(opened.values());
  }

  private static boolean openIn(Db db, String userId, String id) throws SQLException {
    String value = db.one("SELECT value FROM snapshot WHERE user_id = ? AND entity = ? "
        + "AND key = ?", r -> Db.text(r, 1), userId, Entity.CONFLICT.feed(), id);
    return value != null && Json.parse(value).path("state").asText().equals("open");
  }

  /**
   * Replaces the user's whole snapshot with a bootstrap's changes (the queue stays); answers the
   * conflicts open now that were not open before.
   */
  static List<Conflict> replace(Db db, String userId, List<JsonNode> changes, String checkpoint,
      java.time.Instant at) throws SQLException {
    java.util.Set<String> wasOpen = new java.util.HashSet<>();
    entity(db, userId, Entity.CONFLICT.feed()).forEach((id, c) -> {
      if (c.path("state").asText().equals("open")) {
        wasOpen.add(id);
      }
    });
    db.update("DELETE FROM snapshot WHERE user_id = ?", userId);
    SyncState old = SyncState.load(db, userId);
    new SyncState(null, 0, old.lastSyncAt(), old.failures(), old.retryAt()).save(db, userId);
    return page(db, userId, changes, checkpoint, at).stream()
        .filter(c -> !wasOpen.contains(c.id().toString())).toList();
  }

  static Map<String, JsonNode> entity(Db db, String userId, String entity) throws SQLException {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    db.query("SELECT key, value FROM snapshot WHERE user_id = ? AND entity = ? ORDER BY key",
        rs -> rows.put(Db.text(rs, 1), Json.parse(Db.text(rs, 2))), userId, entity);
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
