package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What {@link OrSet#apply} decided about one op. Every variant is a value, never an exception;
 * only {@link Applied} changes the set.
 *
 * <p>Mapping to the contract: {@link Applied} is {@code applied}, or {@code conflict} when it
 * {@linkplain Applied#conflicted() opened} a conflict; {@link Duplicate} is {@code duplicate};
 * {@link AlreadyResolved} answers 200 with nothing changed; {@link Rejected} is {@code not-found}
 * or {@code validation-failed} (422) by its {@link Rejection}.
 */
public sealed interface Outcome
    permits Outcome.Applied, Outcome.Duplicate, Outcome.AlreadyResolved, Outcome.Rejected {

  /** The op this outcome is about. */
  UUID opId();

  /** The op was new and is now part of the set; {@code effects} says what it changed. */
  record Applied(AllergyOp op, Effects effects) implements Outcome {
    public Applied {
      requireNonNull(op, "op");
      requireNonNull(effects, "effects");
    }

    @Override
    public UUID opId() {
      return op.opId();
    }

    /** Whether this op was the second of a concurrent pair and opened a conflict. */
    public boolean conflicted() {
      return !effects.opened().isEmpty();
    }
  }

  /** An op with this id is already in the set; the set is unchanged, whatever this copy says. */
  record Duplicate(UUID opId) implements Outcome {
    public Duplicate {
      requireNonNull(opId, "opId");
    }
  }

  /** The conflict was already resolved with the same decision: a no-op, not an error. */
  record AlreadyResolved(UUID opId, Conflict conflict) implements Outcome {
    public AlreadyResolved {
      requireNonNull(opId, "opId");
      requireNonNull(conflict, "conflict");
    }
  }

  /**
   * The op cannot apply; the set is unchanged.
   *
   * @param conflict the conflict as it stands, for {@link Rejection#CONTRARY_DECISION}; else null
   */
  record Rejected(UUID opId, Rejection reason, @Nullable Conflict conflict) implements Outcome {
    public Rejected {
      requireNonNull(opId, "opId");
      requireNonNull(reason, "reason");
    }
  }

  /** Why a resolve was rejected. */
  enum Rejection {
    /** No conflict of that id in this user's set (404 {@code not-found}). */
    UNKNOWN_CONFLICT,
    /** The conflict was already resolved the other way (422). */
    CONTRARY_DECISION
  }

  /**
   * The changes one applied op made, for the change feed, the conflict table and the
   * {@code foodlens_conflicts_total} / {@code foodlens_lww_auto_resolved_total} metrics. Lists are
   * immutable and ordered deterministically (tombstones by tag, conflicts and decisions by id,
   * each in {@link OpIds#ORDER}).
   *
   * @param tombstoned tags this op removed
   * @param opened conflicts this op detected that are open now
   * @param closed conflicts that were open before this op and no longer are (resolved by it, or
   *     superseded because their tag was removed)
   * @param autoDecided concurrent pairs this op detected with the gate off, each settled once
   */
  record Effects(List<Tombstone> tombstoned, List<Conflict> opened, List<Conflict> closed,
      List<AutoDecision> autoDecided) {
    public Effects {
      tombstoned = List.copyOf(tombstoned);
      opened = List.copyOf(opened);
      closed = List.copyOf(closed);
      autoDecided = List.copyOf(autoDecided);
    }
  }
}
