package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * A remove and an add of one allergen that did not observe each other, settled by
 * last-writer-wins because the manual-merge gate was off when the second of them arrived.
 *
 * <p>The op with the greater {@link Stamp} decides: a later remove tombstones the add's tag
 * ({@link Decision#REMOVE}), a later add keeps it ({@link Decision#KEEP}). Each pair is decided
 * once, by whichever op arrived second, and reported in that op's {@link Outcome.Effects} so the
 * shell can log and count it. Instances are immutable and thread-safe.
 */
public record AutoDecision(AllergyOp.Remove remove, AllergyOp.Add add) {
  public AutoDecision {
    requireNonNull(remove, "remove");
    requireNonNull(add, "add");
  }

  /** The pair's id, computed as for a {@link Conflict} over the same two ops. */
  public UUID id() {
    return Conflict.idOf(remove.opId(), add.opId());
  }

  public String allergen() {
    return add.allergen();
  }

  /** {@link Decision#REMOVE} when the remove's stamp is the greater, else {@link Decision#KEEP}. */
  public Decision decision() {
    return remove.stamp().isAfter(add.stamp()) ? Decision.REMOVE : Decision.KEEP;
  }

  /** The version of whichever of the two ops the server received second. */
  public long decidedVersion() {
    return Pairs.laterVersion(remove, add);
  }
}
