package dev.foodlens.sync.crdt;

import dev.foodlens.sync.crdt.AllergyOp.Add;
import dev.foodlens.sync.crdt.AllergyOp.Remove;
import dev.foodlens.sync.crdt.AllergyOp.Resolve;
import java.util.List;

/**
 * The contract's allergy rules restated naively over a log of applied ops, as an oracle for the
 * properties. It shares no code with {@link OrSet} on purpose.
 */
final class Contract {
  private final List<AllergyOp> log;

  Contract(List<AllergyOp> log) {
    this.log = List.copyOf(log);
  }

  /** With the gate on: some tag survives every observing remove and every remove decision. */
  boolean presentUnderManualGate(String allergen) {
    return adds(allergen).stream().anyMatch(add -> removes(allergen).stream()
        .noneMatch(remove -> observed(remove, add) || decided(remove, add, Decision.REMOVE)));
  }

  /** With the gate on: a live tag has a concurrent remove nobody has decided on. */
  boolean pendingUnderManualGate(String allergen) {
    return adds(allergen).stream().anyMatch(add -> removes(allergen).stream()
        .noneMatch(remove -> observed(remove, add) || decided(remove, add, Decision.REMOVE))
        && removes(allergen).stream().anyMatch(remove -> concurrent(remove, add)
            && !decided(remove, add, Decision.KEEP) && !decided(remove, add, Decision.REMOVE)));
  }

  /** With the gate off: some tag survives every observing remove and every later concurrent one. */
  boolean presentUnderLastWriterWins(String allergen) {
    return adds(allergen).stream().anyMatch(add -> removes(allergen).stream()
        .noneMatch(remove -> observed(remove, add)
            || concurrent(remove, add) && remove.stamp().compareTo(add.stamp()) > 0));
  }

  /** The number of add/remove pairs that did not observe each other. */
  long concurrentPairs() {
    return Histories.ALLERGENS.stream().mapToLong(allergen -> adds(allergen).stream()
        .mapToLong(add -> removes(allergen).stream().filter(r -> concurrent(r, add)).count())
        .sum()).sum();
  }

  static boolean observed(Remove remove, Add add) {
    return add.version() <= remove.observedVersion();
  }

  static boolean concurrent(Remove remove, Add add) {
    return add.version() > remove.observedVersion() && remove.version() > add.observedVersion();
  }

  private boolean decided(Remove remove, Add add, Decision decision) {
    return log.stream().filter(Resolve.class::isInstance).map(Resolve.class::cast)
        .anyMatch(resolve -> resolve.decision() == decision
            && resolve.conflictId().equals(Conflict.idOf(remove.opId(), add.opId())));
  }

  private List<Add> adds(String allergen) {
    return log.stream().filter(Add.class::isInstance).map(Add.class::cast)
        .filter(add -> add.allergen().equals(allergen)).toList();
  }

  private List<Remove> removes(String allergen) {
    return log.stream().filter(Remove.class::isInstance).map(Remove.class::cast)
        .filter(remove -> remove.allergen().equals(allergen)).toList();
  }
}
