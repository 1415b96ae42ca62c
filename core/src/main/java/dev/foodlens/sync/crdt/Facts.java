package dev.foodlens.sync.crdt;

import static java.util.Comparator.naturalOrder;
import static java.util.Comparator.nullsFirst;
import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.crdt.AllergyOp.Add;
import dev.foodlens.sync.crdt.AllergyOp.Remove;
import dev.foodlens.sync.crdt.AllergyOp.Resolve;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The ops accepted for one allergen: adds and removes by op id, user decisions by conflict id.
 *
 * <p>Facts only accumulate, and {@link #merge} is a union, so it is commutative, associative and
 * idempotent. A union needs a rule only when both sides hold different ops under one key, which
 * the ledger rules out for op ids; the rule picks the least in a total order over every field,
 * so that even malformed input merges lawfully. For decisions that order puts the earliest stamp
 * first: the first decision on a conflict stands, as {@link OrSet#apply} enforces.
 */
record Facts(String allergen, SortedMap<UUID, Add> adds, SortedMap<UUID, Remove> removes,
    SortedMap<UUID, Resolve> resolutions) {
  private static final Comparator<Add> ADD_ORDER = Comparator.comparingLong(Add::version)
      .thenComparing(Add::stamp)
      .thenComparingLong(Add::observedVersion)
      .thenComparing(Add::mode)
      .thenComparing(Add::severity, nullsFirst(naturalOrder()));
  private static final Comparator<Remove> REMOVE_ORDER = Comparator
      .comparingLong(Remove::version)
      .thenComparing(Remove::stamp)
      .thenComparingLong(Remove::observedVersion)
      .thenComparing(Remove::mode);
  private static final Comparator<Resolve> FIRST_DECISION = Comparator.comparing(Resolve::stamp)
      .thenComparingLong(Resolve::version)
      .thenComparing(Resolve::decision);

  Facts {
    requireNonNull(allergen, "allergen");
    adds = frozen(adds);
    removes = frozen(removes);
    resolutions = frozen(resolutions);
  }

  static Facts empty(String allergen) {
    return new Facts(allergen, new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
  }

  /** The facts of {@code allergen} holding {@code ops} and {@code more}, all new and its own. */
  static Facts of(String allergen, Collection<AllergyOp> ops, Collection<AllergyOp> more) {
    SortedMap<UUID, Add> adds = new TreeMap<>(OpIds.ORDER);
    SortedMap<UUID, Remove> removes = new TreeMap<>(OpIds.ORDER);
    SortedMap<UUID, Resolve> resolutions = new TreeMap<>(OpIds.ORDER);
    Stream.concat(ops.stream(), more.stream()).forEach(op -> {
      if (op instanceof Add add) {
        adds.put(add.opId(), add);
      } else if (op instanceof Remove remove) {
        removes.put(remove.opId(), remove);
      } else {
        Resolve resolve = (Resolve) op;
        resolutions.put(resolve.conflictId(), resolve);
      }
    });
    return new Facts(allergen, adds, removes, resolutions);
  }

  /** These facts plus {@code op}, which the caller has checked is new and belongs here. */
  Facts with(AllergyOp op) {
    if (op instanceof Add add) {
      return new Facts(allergen, plus(adds, add.opId(), add), removes, resolutions);
    }
    if (op instanceof Remove remove) {
      return new Facts(allergen, adds, plus(removes, remove.opId(), remove), resolutions);
    }
    Resolve resolve = (Resolve) op;
    return new Facts(allergen, adds, removes, plus(resolutions, resolve.conflictId(), resolve));
  }

  Facts merge(Facts other) {
    return new Facts(allergen, union(adds, other.adds, ADD_ORDER),
        union(removes, other.removes, REMOVE_ORDER),
        union(resolutions, other.resolutions, FIRST_DECISION));
  }

  boolean contains(UUID opId) {
    return adds.containsKey(opId) || removes.containsKey(opId)
        || resolutions.values().stream().anyMatch(r -> r.opId().equals(opId));
  }

  int size() {
    return adds.size() + removes.size() + resolutions.size();
  }

  Stream<AllergyOp> ops() {
    return Stream.of(adds.values(), removes.values(), resolutions.values())
        .flatMap(ops -> ops.stream());
  }

  private static <T> SortedMap<UUID, T> plus(SortedMap<UUID, T> map, UUID key, T value) {
    SortedMap<UUID, T> copy = new TreeMap<>(map);
    copy.put(key, value);
    return copy;
  }

  private static <T> SortedMap<UUID, T> union(SortedMap<UUID, T> a, SortedMap<UUID, T> b,
      Comparator<T> order) {
    SortedMap<UUID, T> union = new TreeMap<>(a);
    b.forEach((key, value) -> union.merge(key, value,
        (mine, theirs) -> order.compare(mine, theirs) <= 0 ? mine : theirs));
    return union;
  }

  private static <T> SortedMap<UUID, T> frozen(SortedMap<UUID, T> map) {
    SortedMap<UUID, T> copy = new TreeMap<>(OpIds.ORDER);
    copy.putAll(map);
    return Collections.unmodifiableSortedMap(copy);
  }
}
