package dev.foodlens.sync.crdt;

import dev.foodlens.sync.crdt.AllergyOp.Add;
import dev.foodlens.sync.crdt.AllergyOp.Remove;

/**
 * The contract's rules for one remove and one add of the same allergen, in one place so that the
 * set, its conflicts and its automatic decisions cannot disagree about them.
 */
final class Pairs {
  private Pairs() {}

  /** The remover had seen the tag: it is removed, whatever the gate. */
  static boolean observes(Remove remove, Add add) {
    return add.version() <= remove.observedVersion();
  }

  /** Neither had seen the other: the tag came after what the remover saw, and vice versa. */
  static boolean concurrent(Remove remove, Add add) {
    return add.version() > remove.observedVersion() && remove.version() > add.observedVersion();
  }

  /**
   * Whether the server received the remove second. Versions are unique per user, so the stamp
   * only breaks ties in malformed input, keeping every rule total.
   */
  static boolean removeIsLater(Remove remove, Add add) {
    return remove.version() != add.version()
        ? remove.version() > add.version()
        : remove.stamp().isAfter(add.stamp());
  }

  static long laterVersion(Remove remove, Add add) {
    return Math.max(remove.version(), add.version());
  }

  /** The gate that settles a concurrent pair: the one in force when the second op arrived. */
  static MergeMode mode(Remove remove, Add add) {
    return removeIsLater(remove, add) ? remove.mode() : add.mode();
  }
}
