package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.crdt.AllergyOp.Add;
import dev.foodlens.sync.crdt.AllergyOp.Remove;
import dev.foodlens.sync.crdt.AllergyOp.Resolve;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One user's allergies: an observed-remove set whose tags are add op ids, with the contract's
 * manual confirmation of concurrent removes and adds.
 *
 * <p>An allergen is present iff one of its tags is live. A remove kills the tags it observed
 * ({@code addedVersion <= observedVersion}). A remove and an add that did not observe each other
 * are a concurrent pair, detected by whichever arrives second and settled by the gate in force
 * then ({@link MergeMode}): with the gate on, the tag survives, a {@link Conflict} opens and the
 * allergen is pending until the user decides; with it off, the greater stamp wins and the choice
 * is reported as an {@link AutoDecision}. A user's {@link Decision#REMOVE} kills that conflict's
 * tag only, exactly what the remove would have killed had it observed the add; tags the user was
 * never asked about, such as a later add that did observe the remove, stay. {@link Decision#KEEP}
 * kills nothing. So while the gate is on, no allergen disappears unless a remove observed all its
 * tags or the user decided so. A dead tag never comes back.
 *
 * <p>The state is a function of the set of ops applied, not of their order or their copies:
 * {@link #apply} is idempotent per op id, and {@link #merge} is commutative, associative and
 * idempotent, giving the set that applied the ops of both. Two exceptions, neither of which
 * arises in the server's order: a resolve is rejected while its conflict is not in the set (as
 * when replayed ahead of the ops it is about), and when two sets hold contrary decisions on one
 * conflict, merge keeps the earlier-stamped one.
 *
 * <p>Instances are immutable and thread-safe; {@code equals} compares the ops held. No method
 * accepts or returns null. Costs grow with the product of one allergen's adds and removes, which
 * for one user's allergies is small; {@link #apply} rederives only the allergen it touches.
 */
public final class OrSet {
  private static final OrSet EMPTY = new OrSet(new TreeMap<>());

  private final SortedMap<String, AllergenState> allergens;

  private OrSet(SortedMap<String, AllergenState> allergens) {
    this.allergens = Collections.unmodifiableSortedMap(allergens);
  }

  public static OrSet empty() {
    return EMPTY;
  }

  /** The set holding the ops of both; commutative, associative and idempotent. */
  public static OrSet merge(OrSet a, OrSet b) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    SortedMap<String, AllergenState> union = new TreeMap<>(a.allergens);
    b.allergens.forEach((allergen, state) -> union.merge(allergen, state, AllergenState::merge));
    return new OrSet(union);
  }

  /**
   * Applies one received op. An op whose id the set already holds is a {@link
   * Outcome.Duplicate}, whatever this copy's fields say. A resolve of an unknown conflict, or of
   * one already decided the other way, is {@link Outcome.Rejected}; the same decision again is
   * {@link Outcome.AlreadyResolved}. Anything else is {@link Outcome.Applied}.
   */
  public Transition apply(AllergyOp op) {
    requireNonNull(op, "op");
    if (contains(op.opId())) {
      return unchanged(new Outcome.Duplicate(op.opId()));
    }
    if (op instanceof Resolve resolve) {
      return resolve(resolve);
    }
    String allergen = op instanceof Add add ? add.allergen() : ((Remove) op).allergen();
    return accept(op, allergens.getOrDefault(allergen, AllergenState.empty(allergen)));
  }

  private Transition resolve(Resolve op) {
    Optional<Conflict> found = conflict(op.conflictId());
    if (found.isEmpty()) {
      return unchanged(
          new Outcome.Rejected(op.opId(), Outcome.Rejection.UNKNOWN_CONFLICT, null));
    }
    Conflict conflict = found.get();
    @Nullable Resolve earlier = conflict.resolution();
    if (earlier == null) {
      return accept(op, allergens.get(conflict.allergen()));
    }
    return unchanged(earlier.decision() == op.decision()
        ? new Outcome.AlreadyResolved(op.opId(), conflict)
        : new Outcome.Rejected(op.opId(), Outcome.Rejection.CONTRARY_DECISION, conflict));
  }

  private Transition accept(AllergyOp op, AllergenState before) {
    AllergenState after = before.with(op);
    SortedMap<String, AllergenState> next = new TreeMap<>(allergens);
    next.put(after.facts().allergen(), after);
    return new Transition(new OrSet(next), new Outcome.Applied(op, after.effectsSince(before)));
  }

  private Transition unchanged(Outcome outcome) {
    return new Transition(this, outcome);
  }

  /** The allergen as the user sees it, if present. */
  public Optional<Allergy> present(String allergen) {
    requireNonNull(allergen, "allergen");
    AllergenState state = allergens.get(allergen);
    return state == null ? Optional.empty() : state.view();
  }

  /** Every present allergen, by allergen code. */
  public List<Allergy> items() {
    return allergens.values().stream().flatMap(state -> state.view().stream()).toList();
  }

  /** The conflicts waiting for the user, oldest detection first. */
  public List<Conflict> openConflicts() {
    return conflicts().stream().filter(c -> c.state() == Conflict.State.OPEN).toList();
  }

  /** Every conflict detected, whatever its state, oldest detection first. */
  public List<Conflict> conflicts() {
    return fromEach(state -> state.derived().conflicts().values().stream())
        .sorted(Comparator.comparingLong(Conflict::detectedVersion)
            .thenComparing(Conflict::id, OpIds.ORDER))
        .toList();
  }

  public Optional<Conflict> conflict(UUID id) {
    requireNonNull(id, "id");
    return fromEach(state -> Stream.ofNullable(state.derived().conflicts().get(id))).findFirst();
  }

  /** Why and when the tag {@code tag} died; empty while it lives or if it is unknown. */
  public Optional<Tombstone> tombstone(UUID tag) {
    requireNonNull(tag, "tag");
    return fromEach(state -> Stream.ofNullable(state.derived().tombstones().get(tag)))
        .findFirst();
  }

  /** Whether an op with this id has been applied. */
  public boolean contains(UUID opId) {
    requireNonNull(opId, "opId");
    return allergens.values().stream().anyMatch(state -> state.facts().contains(opId));
  }

  /**
   * Every op applied, by version then op id: what a store persists, and a log that rebuilds
   * this set when applied in order to {@link #empty()}.
   */
  public List<AllergyOp> ops() {
    return fromEach(state -> state.facts().ops())
        .sorted(Comparator.comparingLong(AllergyOp::version)
            .thenComparing(AllergyOp::opId, OpIds.ORDER))
        .toList();
  }

  private <T> Stream<T> fromEach(Function<AllergenState, Stream<T>> part) {
    return allergens.values().stream().flatMap(part);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof OrSet && allergens.equals(((OrSet) o).allergens);
  }

  @Override
  public int hashCode() {
    return allergens.hashCode();
  }

  @Override
  public String toString() {
    return "OrSet" + items();
  }
}
