package dev.foodlens.sync.crdt;

/**
 * The answer to a remove-versus-add conflict, whether the user gave it ({@link AllergyOp.Resolve})
 * or last-writer-wins did ({@link AutoDecision}).
 */
public enum Decision {
  /** The add stands: its tag stays live. Wire value {@code "keep"}. */
  KEEP,

  /** The remove stands: the conflict's tag is tombstoned. Wire value {@code "remove"}. */
  REMOVE
}
