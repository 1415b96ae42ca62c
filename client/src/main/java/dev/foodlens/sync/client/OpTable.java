package dev.foodlens.sync.client;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** SQL over the {@code ops} table; every statement names the user. */
final class OpTable {
  private static final String COLUMNS = "SELECT * FROM ops WHERE user_id = ? ";

  private OpTable() {}

  static void insert(Db db, OpRow op) throws SQLException {
    db.update("INSERT INTO ops (user_id, op_id, entity, action, target, payload, "
        + "observed_version, client_ts, created_at, state, attempts, sent) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)", op.userId(), op.opId().toString(),
        op.entity(), op.action(), op.target(), op.payload(), op.observedVersion(), op.clientTs(),
        op.createdAt().toEpochMilli(), OpState.PENDING.wire());
  }

  static @Nullable OpRow find(Db db, String userId, UUID opId) throws SQLException {
    return db.one(COLUMNS + "AND op_id = ?", OpRow::from, userId, opId.toString());
  }

  /** An op this transaction has just written or read: its absence is a broken store. */
  static OpRow stored(Db db, String userId, UUID opId) throws SQLException {
    OpRow op = find(db, userId, opId);
    if (op == null) {
      throw new SQLException("op " + opId + " is not in the store");
    }
    return op;
  }

  /** The user's last op, when it is pending and was never sent (its payload may change). */
  static @Nullable OpRow unsentTail(Db db, String userId) throws SQLException {
    return db.one(COLUMNS + "AND state = 'pending' AND sent = 0 AND seq = (SELECT max(seq) "
        + "FROM ops WHERE user_id = ?)", OpRow::from, userId, userId);
  }

  static void payload(Db db, OpRow op, String payload) throws SQLException {
    db.update("UPDATE ops SET payload = ? WHERE user_id = ? AND op_id = ?", payload,
        op.userId(), op.opId().toString());
  }

  static void sent(Db db, OpRow op) throws SQLException {
    db.update("UPDATE ops SET sent = 1 WHERE user_id = ? AND op_id = ?", op.userId(),
        op.opId().toString());
  }

  /** {ops, payload bytes} waiting on the device: pending, sending and failed. */
  static long[] waiting(Db db, String userId) throws SQLException {
    return db.single("SELECT count(*), coalesce(sum(length(CAST(payload AS BLOB))), 0) FROM ops "
        + "WHERE user_id = ? AND state IN ('pending', 'sending', 'failed')",
        rs -> new long[] {rs.getLong(1), rs.getLong(2)}, userId);
  }

  static List<OpRow> inState(Db db, String userId, OpState state) throws SQLException {
    return db.query(COLUMNS + "AND state = ? ORDER BY seq", OpRow::from, userId, state.wire());
  }

  /** Pending ops in queue order, at most {@code limit}. */
  static List<OpRow> pending(Db db, String userId, int limit) throws SQLException {
    return db.query(COLUMNS + "AND state = 'pending' ORDER BY seq LIMIT ?", OpRow::from, userId,
        limit);
  }

  /** What reads replay: unconfirmed ops, and confirmed ones the snapshot has not caught up on. */
  static List<OpRow> replayable(Db db, String userId, long serverVersion) throws SQLException {
    return db.query(COLUMNS + "AND (state IN ('pending', 'sending') OR (state = 'synced' "
        + "AND version > ?)) ORDER BY seq", OpRow::from, userId, serverVersion);
  }

  /** The highest version a confirmed op about this allergen got, before {@code seq}. */
  static long allergyVersionBefore(Db db, String userId, String allergen, long seq)
      throws SQLException {
    return db.single("SELECT coalesce(max(version), 0) FROM ops WHERE user_id = ? "
        + "AND entity = 'allergies' AND target = ? AND state = 'synced' AND seq < ?",
        rs -> rs.getLong(1), userId, allergen, seq);
  }

  /**
   * Allergy ops about {@code allergens} not yet confirmed observe at least {@code version}: the
   * device's own import of those allergens, which the user saw before acting.
   */
  static void observe(Db db, String userId, List<String> allergens, long version)
      throws SQLException {
    for (String allergen : allergens) {
      db.update("UPDATE ops SET observed_version = max(coalesce(observed_version, 0), ?) "
          + "WHERE user_id = ? AND entity = 'allergies' AND target = ? AND state != 'synced'",
          version, userId, allergen);
    }
  }

  static void state(Db db, OpRow op, OpState state, int attempts, @Nullable String problem,
      @Nullable String serverStatus, @Nullable Long version) throws SQLException {
    db.update("UPDATE ops SET state = ?, attempts = ?, problem = ?, server_status = ?, "
        + "version = ? WHERE user_id = ? AND op_id = ?", state.wire(), attempts, problem,
        serverStatus, version, op.userId(), op.opId().toString());
  }

  /** A retried op: a new id when the server had answered the old one, pending again. */
  static void requeue(Db db, OpRow op, UUID newId, String payload, long createdAt)
      throws SQLException {
    db.update("UPDATE ops SET op_id = ?, payload = ?, created_at = ?, state = 'pending', "
        + "attempts = 0, problem = NULL, server_status = NULL, version = NULL "
        + "WHERE user_id = ? AND op_id = ?", newId.toString(), payload, createdAt,
        op.userId(), op.opId().toString());
  }

  static void delete(Db db, OpRow op) throws SQLException {
    db.update("DELETE FROM ops WHERE user_id = ? AND op_id = ?", op.userId(),
        op.opId().toString());
  }

  /** After a crash: every user's ops caught in {@code sending}, now pending again. */
  static List<OpRow> recoverSending(Db db) throws SQLException {
    List<OpRow> caught = db.query("SELECT * FROM ops WHERE state = 'sending' ORDER BY seq",
        OpRow::from);
    db.update("UPDATE ops SET state = 'pending' WHERE state = 'sending'");
    return caught;
  }

  /** Confirmed ops the snapshot already shows and that are older than {@code before}. */
  static void prune(Db db, String userId, long serverVersion, long before) throws SQLException {
    db.update("DELETE FROM ops WHERE user_id = ? AND state = 'synced' AND version <= ? "
        + "AND created_at < ?", userId, serverVersion, before);
  }

  /** Whether the user has ops about {@code entity} the server has not answered yet. */
  static boolean unconfirmed(Db db, String userId, Entity entity) throws SQLException {
    return db.one("SELECT 1 FROM ops WHERE user_id = ? AND entity = ? "
        + "AND state IN ('pending', 'sending') LIMIT 1", rs -> rs.getInt(1), userId,
        entity.wire()) != null;
  }

  static QueueHealth health(Db db, String userId) throws SQLException {
    return db.single("SELECT sum(state IN ('pending', 'sending')), "
        + "min(CASE WHEN state IN ('pending', 'sending') THEN created_at END), "
        + "sum(state = 'failed') FROM ops WHERE user_id = ?",
        rs -> new QueueHealth(rs.getInt(1), nullable(rs.getLong(2), rs.wasNull()),
            rs.getInt(3)), userId);
  }

  private static @Nullable Long nullable(long value, boolean wasNull) {
    return wasNull ? null : value;
  }
}
