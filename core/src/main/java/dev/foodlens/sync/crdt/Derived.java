package dev.foodlens.sync.crdt;

import dev.foodlens.sync.crdt.AllergyOp.Add;
import dev.foodlens.sync.crdt.AllergyOp.Remove;
import dev.foodlens.sync.crdt.AllergyOp.Resolve;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the pair rules make of one allergen's {@link Facts}: which tags are dead and why, which
 * pairs are conflicts and which were settled automatically.
 *
 * <p>A function of the facts alone, pair by pair, and never of arrival order. Every ground for a
 * tombstone only grows with the facts, so a dead tag stays dead, and a conflict once detected
 * stays detected; this is what makes {@link OrSet#apply} agree with {@link OrSet#merge}.
 *
 * @param tombstones by tag, the earliest ground for each dead tag
 * @param conflicts by id, the concurrent pairs settled manually
 * @param autoDecisions by id, the concurrent pairs settled by last-writer-wins
 */
record Derived(SortedMap<UUID, Tombstone> tombstones, SortedMap<UUID, Conflict> conflicts,
    SortedMap<UUID, AutoDecision> autoDecisions) {

  static Derived of(Facts facts) {
    Pass pass = new Pass(facts.resolutions());
    for (Add add : facts.adds().values()) {
      for (Remove remove : facts.removes().values()) {
        pass.judge(remove, add);
      }
    }
    return pass.result();
  }

  /** One walk over the pairs; mutable, and confined to {@link #of}. */
  private static final class Pass {
    private final SortedMap<UUID, Resolve> resolutions;
    private final SortedMap<UUID, Tombstone> tombstones = new TreeMap<>(OpIds.ORDER);
    private final List<Pair> manual = new ArrayList<>();
    private final SortedMap<UUID, AutoDecision> autoDecisions = new TreeMap<>(OpIds.ORDER);

    Pass(SortedMap<UUID, Resolve> resolutions) {
      this.resolutions = resolutions;
    }

    void judge(Remove remove, Add add) {
      if (Pairs.observes(remove, add)) {
        kill(add, remove.version(), remove.opId(), Tombstone.Cause.OBSERVED_REMOVE);
      } else if (Pairs.concurrent(remove, add)) {
        if (Pairs.mode(remove, add) == MergeMode.MANUAL) {
          decideManually(remove, add);
        } else {
          decideAutomatically(new AutoDecision(remove, add));
        }
      }
    }

    private void decideManually(Remove remove, Add add) {
      @Nullable Resolve resolution = resolutions.get(Conflict.idOf(remove.opId(), add.opId()));
      manual.add(new Pair(remove, add, resolution));
      if (resolution != null && resolution.decision() == Decision.REMOVE) {
        kill(add, resolution.version(), resolution.opId(), Tombstone.Cause.USER_DECISION);
      }
    }

    private void decideAutomatically(AutoDecision decision) {
      autoDecisions.put(decision.id(), decision);
      if (decision.decision() == Decision.REMOVE) {
        kill(decision.add(), decision.decidedVersion(), decision.remove().opId(),
            Tombstone.Cause.LAST_WRITER_WINS);
      }
    }

    private void kill(Add add, long version, UUID by, Tombstone.Cause cause) {
      Tombstone ground = new Tombstone(add.opId(), version, by, cause);
      tombstones.merge(add.opId(), ground,
          (a, b) -> Tombstone.EARLIEST_FIRST.compare(a, b) <= 0 ? a : b);
    }

    Derived result() {
      SortedMap<UUID, Conflict> conflicts = new TreeMap<>(OpIds.ORDER);
      for (Pair pair : manual) {
        Conflict conflict = new Conflict(pair.remove, pair.add, state(pair), pair.resolution);
        conflicts.put(conflict.id(), conflict);
      }
      return new Derived(Collections.unmodifiableSortedMap(tombstones),
          Collections.unmodifiableSortedMap(conflicts),
          Collections.unmodifiableSortedMap(autoDecisions));
    }

    /** Known only once every ground for a tombstone has been seen. */
    private Conflict.State state(Pair pair) {
      if (pair.resolution != null) {
        return Conflict.State.RESOLVED;
      }
      return tombstones.containsKey(pair.add.opId())
          ? Conflict.State.SUPERSEDED
          : Conflict.State.OPEN;
    }
  }

  private record Pair(Remove remove, Add add, @Nullable Resolve resolution) {}
}
