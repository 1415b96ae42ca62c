package dev.foodlens.sync.crdt;

/**
 * How an {@link OrSet} settles a remove and an add of one allergen that did not observe each
 * other: the operator's manual-merge gate as it stood when the later of the two was received.
 *
 * <p>The gate travels inside each received op (see {@link AllergyOp}) rather than being read at
 * merge time, so that replaying a log gives the same answer after the operator flips the toggle.
 */
public enum MergeMode {
  /**
   * Gate on, the default: the add's tag survives, so the allergen stays present (the safe side),
   * marked pending, and a {@link Conflict} waits for the user's {@link Decision}.
   */
  MANUAL,

  /**
   * Gate off: the op with the greater {@link Stamp} decides presence, and every such choice is
   * reported as an {@link AutoDecision} so that it can be logged and counted.
   */
  LAST_WRITER_WINS
}
