package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.crdt.AllergyOp.Add;
import dev.foodlens.sync.crdt.AllergyOp.Remove;
import dev.foodlens.sync.crdt.AllergyOp.Resolve;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * accepts or returns null. {@link #apply} and the lookups by allergen, op id or conflict id cost
 * O(log n) in the number of allergens and ops; on top, an apply rederives the one allergen it
 * touches, which grows with the product of that allergen's adds and removes (the gateway bounds
 * it with {@link #opCount}).
 */
public final class OrSet {
  private static final Comparator<Conflict> DETECTION_ORDER = Comparator
      .comparingLong(Conflict::detectedVersion).thenComparing(Conflict::id, OpIds.ORDER);
  private static final OrSet EMPTY = new OrSet(SortedTree.empty(Comparator.naturalOrder()),
      SortedTree.empty(OpIds.ORDER), SortedTree.empty(OpIds.ORDER));

  private final SortedTree<String, AllergenState> allergens;
  /** The allergen of every op applied, by op id: {@link #contains} without a scan. */
  private final SortedTree<UUID, String> opAllergens;
  /** The allergen of every conflict detected, by conflict id. */
  private final SortedTree<UUID, String> conflictAllergens;

  private OrSet(SortedTree<String, AllergenState> allergens,
      SortedTree<UUID, String> opAllergens, SortedTree<UUID, String> conflictAllergens) {
    this.allergens = allergens;
    this.opAllergens = opAllergens;
    this.conflictAllergens = conflictAllergens;
  }

  public static OrSet empty() {
    return EMPTY;
  }

  /** The set holding the ops of both; commutative, associative and idempotent. */
  public static OrSet merge(OrSet a, OrSet b) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    OrSet[] union = {a};
    b.allergens.forEach((allergen, state) -> {
      AllergenState mine = union[0].allergens.get(allergen);
      union[0] = union[0].with(mine == null ? state : mine.merge(state));
    });
    return union[0];
  }

  /**
   * The set that applied every op of {@code log}, a server's log of accepted ops in any order
   * (a snapshot plus the ops logged since): the same set as applying them one by one in the
   * server's order, since the state is a function of the ops held. It costs one pass of the
   * pair rules per allergen instead of one per op, which is what makes reading a long history
   * cheap. Resolves find their allergen through the conflicts the adds and removes produce.
   *
   * @throws IllegalArgumentException if a resolve names a conflict the log's adds and removes do
   *     not produce, or two ops share an id: such a log was never accepted by a server
   */
  public static OrSet restore(Collection<AllergyOp> log) {
    requireNonNull(log, "log");
    Set<UUID> ids = new HashSet<>();
    Map<String, Facts> facts = new TreeMap<>();
    Map<String, List<AllergyOp>> writes = new TreeMap<>();
    List<Resolve> resolves = new ArrayList<>();
    for (AllergyOp op : log) {
      if (!ids.add(op.opId())) {
        throw new IllegalArgumentException("op " + op.opId() + " appears twice in the log");
      }
      if (op instanceof Resolve resolve) {
        resolves.add(resolve);
      } else {
        String allergen = op instanceof Add add ? add.allergen() : ((Remove) op).allergen();
        writes.computeIfAbsent(allergen, a -> new ArrayList<>()).add(op);
      }
    }
    OrSet set = EMPTY;
    for (Map.Entry<String, List<AllergyOp>> allergen : writes.entrySet()) {
      Facts built = Facts.of(allergen.getKey(), allergen.getValue(), List.of());
      facts.put(allergen.getKey(), built);
      set = set.with(AllergenState.of(built));
    }
    Map<String, List<AllergyOp>> decided = new TreeMap<>();
    for (Resolve resolve : resolves) {
      String allergen = set.conflictAllergens.get(resolve.conflictId());
      if (allergen == null) {
        throw new IllegalArgumentException("resolve " + resolve.opId()
            + " names a conflict the log does not produce: " + resolve.conflictId());
      }
      decided.computeIfAbsent(allergen, a -> new ArrayList<>()).add(resolve);
    }
    for (Map.Entry<String, List<AllergyOp>> allergen : decided.entrySet()) {
      Facts before = requireNonNull(facts.get(allergen.getKey()));
      set = set.with(AllergenState.of(Facts.of(allergen.getKey(),
          before.ops().toList(), allergen.getValue())));
    }
    return set;
  }

  /**
   * Applies one received op in O(log n) for n allergens, plus the cost of rederiving the one
   * allergen it touches. An op whose id the set already holds is a {@link
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
    AllergenState before = allergens.get(allergen);
    return accept(op, before == null ? AllergenState.empty(allergen) : before);
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
      return accept(op, requireNonNull(allergens.get(conflict.allergen())));
    }
    return unchanged(earlier.decision() == op.decision()
        ? new Outcome.AlreadyResolved(op.opId(), conflict)
        : new Outcome.Rejected(op.opId(), Outcome.Rejection.CONTRARY_DECISION, conflict));
  }

  private Transition accept(AllergyOp op, AllergenState before) {
    AllergenState after = before.with(op);
    Map<UUID, Conflict> known = before.derived().conflicts();
    List<UUID> detected = after.derived().conflicts().keySet().stream()
        .filter(id -> !known.containsKey(id)).toList();
    OrSet next = with(after, List.of(op.opId()), detected);
    return new Transition(next, new Outcome.Applied(op, after.effectsSince(before)));
  }

  /** This set with {@code state}, whose ops and conflicts not yet indexed are those named. */
  private OrSet with(AllergenState state, Collection<UUID> newOps, Collection<UUID> newConflicts) {
    String allergen = state.facts().allergen();
    SortedTree<UUID, String> ops = opAllergens;
    for (UUID id : newOps) {
      ops = ops.put(id, allergen);
    }
    SortedTree<UUID, String> conflicts = conflictAllergens;
    for (UUID id : newConflicts) {
      conflicts = conflicts.put(id, allergen);
    }
    return new OrSet(allergens.put(allergen, state), ops, conflicts);
  }

  /** This set with {@code state} for its allergen, which holds every op the set held for it. */
  private OrSet with(AllergenState state) {
    return with(state, state.facts().ops().map(AllergyOp::opId).toList(),
        state.derived().conflicts().keySet());
  }

  private Transition unchanged(Outcome outcome) {
    return new Transition(this, outcome);
  }

  /** The allergen as the user sees it, if present. */
  public Optional<PresentAllergy> present(String allergen) {
    requireNonNull(allergen, "allergen");
    AllergenState state = allergens.get(allergen);
    return state == null ? Optional.empty() : state.view();
  }

  /** How many ops were applied to {@code allergen}; what applying one more to it costs. */
  public int opCount(String allergen) {
    requireNonNull(allergen, "allergen");
    AllergenState state = allergens.get(allergen);
    return state == null ? 0 : state.facts().size();
  }

  /** How many ops were applied. */
  public int size() {
    return opAllergens.size();
  }

  /** How many allergens any op was ever applied to, present or not. */
  public int allergenCount() {
    return allergens.size();
  }

  /** Every present allergen, by allergen code. */
  public List<PresentAllergy> items() {
    return allergens.values().stream().flatMap(state -> state.view().stream()).toList();
  }

  /** The conflicts waiting for the user, oldest detection first. */
  public List<Conflict> openConflicts() {
    return conflicts().stream().filter(c -> c.state() == Conflict.State.OPEN).toList();
  }

  /** Every conflict detected, whatever its state, oldest detection first. */
  public List<Conflict> conflicts() {
    return fromEach(state -> state.derived().conflicts().values().stream())
        .sorted(DETECTION_ORDER).toList();
  }

  /** The conflicts detected on {@code allergen}, whatever their state, oldest detection first. */
  public List<Conflict> conflicts(String allergen) {
    requireNonNull(allergen, "allergen");
    AllergenState state = allergens.get(allergen);
    return state == null ? List.of()
        : state.derived().conflicts().values().stream().sorted(DETECTION_ORDER).toList();
  }

  public Optional<Conflict> conflict(UUID id) {
    requireNonNull(id, "id");
    String allergen = conflictAllergens.get(id);
    return allergen == null ? Optional.empty() : Optional.ofNullable(
        requireNonNull(allergens.get(allergen)).derived().conflicts().get(id));
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
    return opAllergens.get(opId) != null;
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
