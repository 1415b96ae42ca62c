package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * SQL over {@code migration_chunks}, and the migration's progress in {@code user_meta}. A row is
 * one {@code POST /me/migrate} body, stored when the legacy folder is read into the device:
 * {@code pending} until the server answers it, then {@code answered}, and deleted once a pull
 * that started after the answer brought the server's state. Until then reads overlay its records
 * ({@link #overlay}), so the legacy data never disappears between the two.
 */
final class MigrationChunks {
  static final String PROGRESS = "migration.progress";

  /** One stored body; its key is derived from its content, so a resend replays it. */
  record Chunk(int index, String body) {
    UUID key(String userId) {
      return NameBasedIds.chunkKey(userId, body);
    }

    JsonNode json() {
      return Json.parse(body);
    }
  }

  private MigrationChunks() {}

  static void store(Db db, String userId, List<ObjectNode> bodies) throws SQLException {
    for (int i = 0; i < bodies.size(); i++) {
      db.update("INSERT INTO migration_chunks (user_id, idx, body, state) "
          + "VALUES (?, ?, ?, 'pending')", userId, i, bodies.get(i).toString());
    }
  }

  static List<Chunk> pending(Db db, String userId) throws SQLException {
    return db.query("SELECT idx, body FROM migration_chunks WHERE user_id = ? "
        + "AND state = 'pending' ORDER BY idx", rs -> new Chunk(rs.getInt(1), Db.text(rs, 2)),
        userId);
  }

  /** The {@code records} of every chunk the snapshot may not show yet, in send order. */
  static List<JsonNode> overlay(Db db, String userId) throws SQLException {
    return db.query("SELECT body FROM migration_chunks WHERE user_id = ? "
        + "AND state IN ('pending', 'answered') ORDER BY idx",
        rs -> Json.parse(Db.text(rs, 1)).path("records"), userId);
  }

  static void answered(Db db, String userId, int index) throws SQLException {
    db.update("UPDATE migration_chunks SET state = 'answered' WHERE user_id = ? AND idx = ?",
        userId, index);
  }

  /** Every chunk still pending, answered at once (the server holds the migration complete). */
  static void answerAll(Db db, String userId) throws SQLException {
    db.update("UPDATE migration_chunks SET state = 'answered' WHERE user_id = ? "
        + "AND state = 'pending'", userId);
  }

  /** Refused for good: no longer sent, no longer shown (the fallback still reads the folder). */
  static void failAll(Db db, String userId) throws SQLException {
    db.update("UPDATE migration_chunks SET state = 'failed' WHERE user_id = ? "
        + "AND state = 'pending'", userId);
  }

  /** A pull completed after these answers: the snapshot shows what the server made of them. */
  static void cover(Db db, String userId) throws SQLException {
    db.update("DELETE FROM migration_chunks WHERE user_id = ? AND state = 'answered'", userId);
  }

  static SyncStatus.@Nullable Migration progress(Db db, String userId) throws SQLException {
    String json = Meta.user(db, userId, PROGRESS);
    return json == null ? null : fromJson(Json.parse(json));
  }

  static void progress(Db db, String userId, SyncStatus.Migration progress) throws SQLException {
    Meta.user(db, userId, PROGRESS, toJson(progress).toString());
  }

  private static ObjectNode toJson(SyncStatus.Migration m) {
    ObjectNode json = Json.object().put("state", m.state().name())
        .put("chunksDone", m.chunksDone()).put("chunksTotal", m.chunksTotal())
        .put("historyEntries", m.historyEntries()).put("badLines", m.badLines())
        .put("duplicateLines", m.duplicateLines())
        .put("completedAt", m.completedAt() == null ? null : m.completedAt().toString())
        .put("problem", m.problem() == null ? null : m.problem().json());
    json.set("imported", Json.of(m.imported()));
    json.set("skipped", Json.of(m.skipped()));
    return json;
  }

  private static SyncStatus.Migration fromJson(JsonNode json) {
    return new SyncStatus.Migration(SyncStatus.Migration.State.valueOf(json.path("state")
        .asText()), json.path("chunksDone").asInt(), json.path("chunksTotal").asInt(),
        json.path("historyEntries").asInt(), json.path("badLines").asInt(),
        json.path("duplicateLines").asInt(), counts(json.path("imported")),
        counts(json.path("skipped")), json.hasNonNull("completedAt")
            ? Instant.parse(json.get("completedAt").asText()) : null,
        Problem.parse(json.hasNonNull("problem") ? json.get("problem").asText() : null));
  }

  /** {@code {"history": 12, …}} as a map; anything not a count is left out. */
  static Map<String, Integer> counts(JsonNode json) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    json.fields().forEachRemaining(e -> {
      if (e.getValue().canConvertToInt()) {
        counts.put(e.getKey(), e.getValue().asInt());
      }
    });
    return counts;
  }
}
