package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.Decision;
import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.crdt.OrSet;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.model.Allergies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A user's allergy op log compacted into one {@code allergy_snapshots} row (V44), and when to
 * write one.
 *
 * <p>The snapshot holds the ops themselves, one compact array each, not the tags, tombstones and
 * conflicts they imply: those are a function of the ops ({@link OrSet#restore} derives them in
 * one pass per allergen), and an offline device's remove may pair with any add ever accepted, so
 * nothing can be dropped without changing what the set decides. A stored derivation could only
 * disagree with the log.
 *
 * <p>A snapshot is due when a write takes the user's op count to a multiple of {@link #every}:
 * every 64 ops while the log is short, then every sixteenth of it, so a cold read replays at
 * most that tail after the snapshot and the writes that serialise a snapshot carry, averaged,
 * a bounded number of ops each (at most 32 at any size).
 */
final class AllergySnapshot {
  private static final int FORMAT = 1;
  private static final int MIN_EVERY = 64;

  private AllergySnapshot() {}

  /** The snapshot spacing at {@code ops} ops: a power of two, at least 64. */
  static int every(int ops) {
    return Math.max(MIN_EVERY, Integer.highestOneBit(Math.max(ops, 1)) / 16);
  }

  /** Whether the write that took the user's set to {@code ops} ops writes a snapshot. */
  static boolean due(int ops) {
    return ops > 0 && ops % every(ops) == 0;
  }

  /** The arguments of {@code allergies/upsert_snapshots}. */
  static Tuple row(String userId, Allergies allergies) {
    return Tuple.of(userId, allergies.version(), allergies.set().size(),
        encode(allergies.set()));
  }

  static String encode(OrSet set) {
    JsonArray ops = new JsonArray(new ArrayList<>(set.size()));
    for (AllergyOp op : set.ops()) {
      ops.add(encode(op));
    }
    return new JsonObject().put("format", FORMAT).put("ops", ops).encode();
  }

  /** The ops a snapshot's {@code state} holds. */
  static List<AllergyOp> decode(String state) {
    JsonObject json = new JsonObject(state);
    if (json.getInteger("format", 0) != FORMAT) {
      throw new IllegalStateException("unknown allergy snapshot format " + json.getValue("format"));
    }
    JsonArray ops = json.getJsonArray("ops");
    List<AllergyOp> decoded = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      decoded.add(decode(ops.getJsonArray(i)));
    }
    return decoded;
  }

  /** kind, op id, version, ts, device, then the kind's own fields. */
  private static JsonArray encode(AllergyOp op) {
    JsonArray a = new JsonArray().add(kind(op)).add(op.opId().toString()).add(op.version())
        .add(op.stamp().ts()).add(op.stamp().deviceId());
    if (op instanceof AllergyOp.Add add) {
      return a.add(add.allergen()).add(add.severity()).add(add.observedVersion())
          .add(AllergyJson.wire(add.mode()));
    }
    if (op instanceof AllergyOp.Remove remove) {
      return a.add(remove.allergen()).add(remove.observedVersion())
          .add(AllergyJson.wire(remove.mode()));
    }
    AllergyOp.Resolve resolve = (AllergyOp.Resolve) op;
    return a.add(resolve.conflictId().toString()).add(AllergyJson.wire(resolve.decision()));
  }

  private static String kind(AllergyOp op) {
    return op instanceof AllergyOp.Add ? "add" : op instanceof AllergyOp.Remove ? "remove"
        : "resolve";
  }

  private static AllergyOp decode(JsonArray a) {
    UUID opId = UUID.fromString(a.getString(1));
    long version = a.getLong(2);
    Stamp stamp = new Stamp(a.getLong(3), a.getString(4), opId);
    return switch (a.getString(0)) {
      case "add" -> new AllergyOp.Add(a.getString(5), a.getString(6), a.getLong(7), stamp,
          version, AllergyJson.fromWire(MergeMode.class, a.getString(8)));
      case "remove" -> new AllergyOp.Remove(a.getString(5), a.getLong(6), stamp, version,
          AllergyJson.fromWire(MergeMode.class, a.getString(7)));
      case "resolve" -> new AllergyOp.Resolve(UUID.fromString(a.getString(5)),
          AllergyJson.fromWire(Decision.class, a.getString(6)), stamp, version);
      default -> throw new IllegalStateException("unknown allergy op kind " + a.getString(0));
    };
  }
}
