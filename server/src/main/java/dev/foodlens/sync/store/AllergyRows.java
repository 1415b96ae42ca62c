package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.AutoDecision;
import dev.foodlens.sync.crdt.Conflict;
import dev.foodlens.sync.crdt.Decision;
import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.crdt.Tombstone;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Locale;

/** Maps allergy ops, tags and conflicts to and from their rows (V2 migration). */
final class AllergyRows {
  private AllergyRows() {}

  /** The op a row of {@code allergies/select_ops} holds. */
  static AllergyOp op(Row row) {
    Stamp stamp = new Stamp(row.getLong("ts"), row.getString("device_id"), row.getUUID("op_id"));
    long version = row.getLong("version");
    String kind = row.getString("kind");
    if (kind.equals("resolve")) {
      return new AllergyOp.Resolve(row.getUUID("conflict_id"),
          AllergyJson.fromWire(Decision.class, row.getString("decision")), stamp, version);
    }
    MergeMode mode = AllergyJson.fromWire(MergeMode.class, row.getString("merge_mode"));
    long observed = row.getLong("observed_version");
    return kind.equals("add")
        ? new AllergyOp.Add(row.getString("allergen"), row.getString("severity"), observed,
            stamp, version, mode)
        : new AllergyOp.Remove(row.getString("allergen"), observed, stamp, version, mode);
  }

  /** The arguments of {@code allergies/insert_ops}. */
  static Tuple op(String userId, AllergyOp op, long lastVersion) {
    Tuple tuple = Tuple.of(userId, op.opId(), op.version(), lastVersion);
    Arrays.stream(kindColumns(op)).forEach(tuple::addValue);
    return tuple.addLong(op.stamp().ts()).addString(op.stamp().deviceId());
  }

  /** kind, allergen, severity, observed_version, merge_mode, conflict_id, decision. */
  private static Object[] kindColumns(AllergyOp op) {
    if (op instanceof AllergyOp.Add add) {
      return new Object[] {"add", add.allergen(), add.severity(), add.observedVersion(),
          AllergyJson.wire(add.mode()), null, null};
    }
    if (op instanceof AllergyOp.Remove remove) {
      return new Object[] {"remove", remove.allergen(), null, remove.observedVersion(),
          AllergyJson.wire(remove.mode()), null, null};
    }
    AllergyOp.Resolve resolve = (AllergyOp.Resolve) op;
    return new Object[] {"resolve", null, null, null, null, resolve.conflictId(),
        AllergyJson.wire(resolve.decision())};
  }

  /** A row of {@code allergies/insert_auto_decisions}. */
  static Tuple autoDecision(String userId, AutoDecision decision) {
    return Tuple.of(userId, decision.id(), decision.allergen(),
        decision.decision().name().toLowerCase(Locale.ROOT), decision.remove().opId(),
        decision.add().opId(), decision.decidedVersion());
  }

  /** A row of {@code allergies/insert_tags}. */
  static Tuple tag(String userId, AllergyOp.Add add) {
    return Tuple.of(userId, add.opId(), add.allergen(), add.severity(), add.version());
  }

  /** The arguments of {@code allergies/tombstone_tags}. */
  static Tuple tombstone(String userId, Tombstone tombstone) {
    return Tuple.of(userId, tombstone.tag(), tombstone.version(), tombstone.by(),
        AllergyJson.wire(tombstone.cause()));
  }

  /** The arguments of {@code allergies/upsert_conflicts}, as of change-feed {@code version}. */
  static Tuple conflict(String userId, Conflict conflict, long version) {
    Decision decision = conflict.resolution() == null ? null : conflict.resolution().decision();
    return Tuple.of(userId, conflict.id(), conflict.allergen(), conflict.remove().opId(),
            conflict.add().opId(), AllergyJson.wire(conflict.state()))
        .addValue(decision == null ? null : AllergyJson.wire(decision))
        .addLong(conflict.detectedVersion())
        .addLong(version);
  }
}
