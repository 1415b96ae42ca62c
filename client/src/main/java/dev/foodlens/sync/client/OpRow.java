package dev.foodlens.sync.client;

import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One row of the {@code ops} table, everything the queue needs to send and replay it. */
record OpRow(long seq, String userId, UUID opId, String entity, String action,
    @Nullable String target, String payload, @Nullable Long observedVersion, String clientTs,
    Instant createdAt, OpState state, int attempts, @Nullable String problem,
    @Nullable String serverStatus, @Nullable Long version) {

  static OpRow from(LocalStore.Row rs) throws SQLException {
    return new OpRow(rs.getLong("seq"), Db.text(rs, "user_id"),
        UUID.fromString(Db.text(rs, "op_id")), Db.text(rs, "entity"), Db.text(rs, "action"),
        rs.getString("target"), Db.text(rs, "payload"), nullableLong(rs, "observed_version"),
        Db.text(rs, "client_ts"), Instant.ofEpochMilli(rs.getLong("created_at")),
        OpState.of(Db.text(rs, "state")), rs.getInt("attempts"), rs.getString("problem"),
        rs.getString("server_status"), nullableLong(rs, "version"));
  }

  static @Nullable Long nullableLong(LocalStore.Row rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  /** The allergen an allergies op is about (kept in target for both add and remove). */
  boolean isAllergy() {
    return entity.equals("allergies");
  }

  QueuedOp view() {
    return new QueuedOp(opId, entity, action, wireTarget(), payload, state, attempts, createdAt,
        Problem.parse(problem));
  }

  /**
   * The target of an op whose kind always has one: an allergy op (add and remove), a history
   * patch or delete, a conflict resolve.
   */
  String requiredTarget() {
    if (target == null) {
      throw new IllegalStateException("op " + opId + " (" + entity + "." + action
          + ") has no target");
    }
    return target;
  }

  /** An add names its allergen in the payload, not in a target (contract §5). */
  @Nullable String wireTarget() {
    return entity.equals("allergies") && action.equals("add") ? null : target;
  }

  OpResult result() {
    return new OpResult(opId, state, serverStatus, version, Problem.parse(problem));
  }
}
