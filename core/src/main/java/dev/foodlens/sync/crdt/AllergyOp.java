package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An allergy write as the server received it: the client's intent plus what the server assigned
 * on receipt — the {@link Stamp}, the per-user {@code version} and, for adds and removes, the
 * {@link MergeMode} of the manual-merge gate at that moment.
 *
 * <p>The stamp's {@link Stamp#opId() op id} is the op's identity (its idempotency key or push op
 * id) and, for an add, its OR-Set tag. Versions must strictly increase in the order the server
 * receives ops; gaps are fine. Because everything an {@link OrSet} decides is a function of these
 * fields, a log of received ops replays to the same state anywhere, whatever the gate says at
 * replay time.
 *
 * <p>{@code observedVersion} is the allergies version the writer had seen, always below the op's
 * own version: nobody observes their own write or the future. The factories {@link #add} and
 * {@link #remove} map the contract's optional field onto that range: absent means everything
 * before the op, and a claim beyond it is capped to it.
 *
 * <p>Instances are immutable and thread-safe. Only an add's severity may be null. Constructors
 * throw on null components and on versions out of range: those are the caller's bugs, whereas
 * everything a client can legitimately send leads to a returned {@link Outcome}.
 */
public sealed interface AllergyOp permits AllergyOp.Add, AllergyOp.Remove, AllergyOp.Resolve {

  /** The server-receive stamp; {@code stamp().opId()} identifies the op. */
  Stamp stamp();

  /** The per-user version the server assigned to this op; at least 1. */
  long version();

  /** This op's id: {@code stamp().opId()}. */
  default UUID opId() {
    return stamp().opId();
  }

  /** An add; a null {@code observedVersion} means the adder had seen everything current. */
  static Add add(String allergen, @Nullable String severity, @Nullable Long observedVersion,
      Stamp stamp, long version, MergeMode mode) {
    return new Add(allergen, severity, observed(observedVersion, version), stamp, version, mode);
  }

  /** A remove; a null {@code observedVersion} removes every tag current at receipt. */
  static Remove remove(String allergen, @Nullable Long observedVersion, Stamp stamp,
      long version, MergeMode mode) {
    return new Remove(allergen, observed(observedVersion, version), stamp, version, mode);
  }

  /**
   * Inserts the tag {@link #opId()} for {@code allergen}, with its severity.
   *
   * @param severity {@code severe}, {@code moderate}, {@code mild} or null (unknown)
   * @param observedVersion the allergies version the adder had seen, below {@code version}
   */
  record Add(String allergen, @Nullable String severity, long observedVersion, Stamp stamp,
      long version, MergeMode mode) implements AllergyOp {
    public Add {
      requireNonNull(allergen, "allergen");
      requireNonNull(stamp, "stamp");
      requireNonNull(mode, "mode");
      checkVersions(observedVersion, version);
    }
  }

  /**
   * Tombstones the tags of {@code allergen} added at versions up to {@code observedVersion}; a
   * tag it did not observe is a concurrent add, settled by {@code mode} (of the later of the two).
   */
  record Remove(String allergen, long observedVersion, Stamp stamp, long version, MergeMode mode)
      implements AllergyOp {
    public Remove {
      requireNonNull(allergen, "allergen");
      requireNonNull(stamp, "stamp");
      requireNonNull(mode, "mode");
      checkVersions(observedVersion, version);
    }
  }

  /** The user's decision on the {@link Conflict} named {@code conflictId}. */
  record Resolve(UUID conflictId, Decision decision, Stamp stamp, long version)
      implements AllergyOp {
    public Resolve {
      requireNonNull(conflictId, "conflictId");
      requireNonNull(decision, "decision");
      requireNonNull(stamp, "stamp");
      checkVersions(0, version);
    }
  }

  private static long observed(@Nullable Long observedVersion, long version) {
    long everything = version - 1;
    return observedVersion == null ? everything : Math.min(observedVersion, everything);
  }

  private static void checkVersions(long observedVersion, long version) {
    if (version < 1 || observedVersion < 0 || observedVersion >= version) {
      throw new IllegalArgumentException(String.format(
          "need 0 <= observedVersion < version and version >= 1, got observedVersion %d, "
              + "version %d", observedVersion, version));
    }
  }
}
