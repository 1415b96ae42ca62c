package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.crdt.AllergyOp.Add;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One allergen of one user's set: its {@link Facts} and what they imply. Build it with
 * {@link #of} so that the derived half always matches the facts.
 */
record AllergenState(Facts facts, Derived derived) {
  AllergenState {
    requireNonNull(facts, "facts");
    requireNonNull(derived, "derived");
  }

  static AllergenState of(Facts facts) {
    return new AllergenState(facts, Derived.of(facts));
  }

  static AllergenState empty(String allergen) {
    return of(Facts.empty(allergen));
  }

  AllergenState with(AllergyOp op) {
    return of(facts.with(op));
  }

  AllergenState merge(AllergenState other) {
    return facts.equals(other.facts) ? this : of(facts.merge(other.facts));
  }

  /** Present iff a tag is live; the severity is that of the live tag with the greatest stamp. */
  Optional<PresentAllergy> view() {
    return facts.adds().values().stream()
        .filter(add -> !derived.tombstones().containsKey(add.opId()))
        .max(Comparator.comparing(Add::stamp))
        .map(latest -> new PresentAllergy(facts.allergen(), latest.severity(), pending()));
  }

  boolean pending() {
    return derived.conflicts().values().stream()
        .anyMatch(conflict -> conflict.state() == Conflict.State.OPEN);
  }

  /** What changed from {@code before}, an earlier state of the same allergen, to this one. */
  Outcome.Effects effectsSince(AllergenState before) {
    Map<UUID, Conflict> was = before.derived.conflicts();
    return new Outcome.Effects(
        newIn(derived.tombstones(), before.derived.tombstones()),
        conflicts(c -> c.state() == Conflict.State.OPEN && !was.containsKey(c.id())),
        conflicts(c -> c.state() != Conflict.State.OPEN && wasOpen(was.get(c.id()))),
        newIn(derived.autoDecisions(), before.derived.autoDecisions()));
  }

  private List<Conflict> conflicts(Predicate<Conflict> which) {
    return derived.conflicts().values().stream().filter(which).toList();
  }

  private static boolean wasOpen(@Nullable Conflict conflict) {
    return conflict != null && conflict.state() == Conflict.State.OPEN;
  }

  private static <V> List<V> newIn(Map<UUID, V> now, Map<UUID, V> before) {
    return now.entrySet().stream()
        .filter(entry -> !before.containsKey(entry.getKey()))
        .map(Map.Entry::getValue)
        .toList();
  }
}
