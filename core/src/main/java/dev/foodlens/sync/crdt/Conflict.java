package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A remove and an add of one allergen that did not observe each other, detected while the
 * manual-merge gate was on: kind {@value #KIND}.
 *
 * <p>The pair is its identity: {@link #id()} is derived from both op ids, so every replica and
 * every redelivery names it alike and it is recorded once. It was detected by whichever op the
 * server received second ({@link #detectedVersion()}, {@link #detectedAt()}).
 *
 * <p>Instances are immutable and thread-safe; {@code resolution} is null exactly when the state
 * is not {@link State#RESOLVED}.
 *
 * @param remove the remove that did not observe {@code add}'s tag
 * @param add the add that did not observe {@code remove}
 * @param state where the conflict stands in the set it was read from
 * @param resolution the user's decision, the first one given; null while undecided
 */
public record Conflict(AllergyOp.Remove remove, AllergyOp.Add add, State state,
    AllergyOp.@Nullable Resolve resolution) {
  /** The contract's {@code kind} for every conflict an OR-Set opens. */
  public static final String KIND = "remove-vs-add";

  private static final byte[] NAMESPACE =
      "foodlens:allergy-conflict:".getBytes(StandardCharsets.US_ASCII);

  /** Where a conflict stands. */
  public enum State {
    /** Undecided while its add's tag is live: the allergen is pending confirmation. */
    OPEN,
    /** Decided by the user. */
    RESOLVED,
    /**
     * Undecided, but its add's tag was since removed by a remove that observed it or by a
     * {@link Decision#REMOVE} on another conflict over the same tag: nothing is left to decide.
     */
    SUPERSEDED
  }

  public Conflict {
    requireNonNull(remove, "remove");
    requireNonNull(add, "add");
    requireNonNull(state, "state");
    if (!remove.allergen().equals(add.allergen())) {
      throw new IllegalArgumentException("remove and add name different allergens");
    }
    if (resolution != null && !resolution.conflictId().equals(idOf(remove.opId(), add.opId()))) {
      throw new IllegalArgumentException("the resolution is of another conflict");
    }
    if ((state == State.RESOLVED) != (resolution != null)) {
      throw new IllegalArgumentException("a resolution goes with state RESOLVED, got " + state);
    }
  }

  /**
   * The id of the pair: a name-based UUID of a fixed namespace, the remove's id and the add's id
   * (in that order, each as 16 big-endian bytes). Deterministic, so replicas agree without
   * coordination.
   */
  public static UUID idOf(UUID removeOpId, UUID addOpId) {
    ByteBuffer name = ByteBuffer.allocate(NAMESPACE.length + 32).put(NAMESPACE);
    name.putLong(removeOpId.getMostSignificantBits()).putLong(removeOpId.getLeastSignificantBits());
    name.putLong(addOpId.getMostSignificantBits()).putLong(addOpId.getLeastSignificantBits());
    return UUID.nameUUIDFromBytes(name.array());
  }

  public UUID id() {
    return idOf(remove.opId(), add.opId());
  }

  public String allergen() {
    return add.allergen();
  }

  /** The version of whichever of the two ops the server received second. */
  public long detectedVersion() {
    return Pairs.laterVersion(remove, add);
  }

  /** The stamp of whichever of the two ops the server received second. */
  public Stamp detectedAt() {
    return Pairs.removeIsLater(remove, add) ? remove.stamp() : add.stamp();
  }
}
