package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.Decision;
import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.crdt.Stamp;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An allergy write as the client asked for it, validated and normalised: what becomes an
 * {@link AllergyOp} once the server stamps it on receipt (with the user's row locked).
 */
public sealed interface AllergyIntent {

  /** The op this intent becomes when received with {@code stamp}, at {@code version}. */
  AllergyOp at(Stamp stamp, long version, MergeMode mode);

  /** {@code POST /me/allergies}. */
  record Add(String allergen, @Nullable String severity, @Nullable Long observedVersion)
      implements AllergyIntent {
    public Add {
      requireNonNull(allergen, "allergen");
    }

    @Override
    public AllergyOp at(Stamp stamp, long version, MergeMode mode) {
      return AllergyOp.add(allergen, severity, observedVersion, stamp, version, mode);
    }
  }

  /** {@code DELETE /me/allergies/{allergen}}. */
  record Remove(String allergen, @Nullable Long observedVersion) implements AllergyIntent {
    public Remove {
      requireNonNull(allergen, "allergen");
    }

    @Override
    public AllergyOp at(Stamp stamp, long version, MergeMode mode) {
      return AllergyOp.remove(allergen, observedVersion, stamp, version, mode);
    }
  }

  /** {@code POST /me/allergies/conflicts/{id}/resolve}; the gate does not apply to decisions. */
  record Resolve(UUID conflictId, Decision decision) implements AllergyIntent {
    public Resolve {
      requireNonNull(conflictId, "conflictId");
      requireNonNull(decision, "decision");
    }

    @Override
    public AllergyOp at(Stamp stamp, long version, MergeMode mode) {
      return new AllergyOp.Resolve(conflictId, decision, stamp, version);
    }
  }
}
