package dev.foodlens.sync.client;

import java.sql.SQLException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A user's row of {@code sync_state}: the checkpoint and the highest change version the
 * snapshot holds (both written in the snapshot's transaction), the last successful sync, and
 * the queue's backoff (consecutive failures, and when it may send again).
 */
record SyncState(@Nullable String checkpoint, long serverVersion, @Nullable Instant lastSyncAt,
    int failures, @Nullable Instant retryAt) {
  static final SyncState EMPTY = new SyncState(null, 0, null, 0, null);

  static SyncState load(Db db, String userId) throws SQLException {
    SyncState state = db.one("SELECT * FROM sync_state WHERE user_id = ?", rs -> new SyncState(
        rs.getString("checkpoint"), rs.getLong("server_version"),
        instant(OpRow.nullableLong(rs, "last_sync_at")), rs.getInt("failures"),
        instant(OpRow.nullableLong(rs, "retry_at"))), userId);
    return state == null ? EMPTY : state;
  }

  void save(Db db, String userId) throws SQLException {
    db.update("INSERT INTO sync_state (user_id, checkpoint, server_version, last_sync_at, "
        + "failures, retry_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
        + "checkpoint = excluded.checkpoint, server_version = excluded.server_version, "
        + "last_sync_at = excluded.last_sync_at, failures = excluded.failures, "
        + "retry_at = excluded.retry_at", userId, checkpoint, serverVersion, millis(lastSyncAt),
        failures, millis(retryAt));
  }

  SyncState pulled(String nextCheckpoint, long version, Instant at) {
    return new SyncState(nextCheckpoint, Math.max(serverVersion, version), at, failures, retryAt);
  }

  SyncState backoff(int nextFailures, @Nullable Instant nextRetryAt) {
    return new SyncState(checkpoint, serverVersion, lastSyncAt, nextFailures, nextRetryAt);
  }

  SyncState succeeded(Instant at) {
    return new SyncState(checkpoint, serverVersion, at, 0, null);
  }

  private static @Nullable Instant instant(@Nullable Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  private static @Nullable Long millis(@Nullable Instant at) {
    return at == null ? null : at.toEpochMilli();
  }
}
