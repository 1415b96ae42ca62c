package dev.foodlens.sync.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for the gateway's allergies use case: it stamps each op on receipt with the next
 * version and a strictly increasing clock, records the gate, and keeps the set and the delivery
 * log. Op ids come from {@code seed}, so some have the high bit set and unsigned order matters.
 */
final class Server {
  private final long seed;
  private final List<AllergyOp> delivered = new ArrayList<>();
  private final List<Transition> transitions = new ArrayList<>();
  private OrSet state = OrSet.empty();
  private MergeMode mode = MergeMode.MANUAL;
  private long version;
  private int ids;

  Server(long seed) {
    this.seed = seed;
  }

  Server() {
    this(0x8000_0000_0000_0000L);
  }

  void gate(MergeMode mode) {
    this.mode = mode;
  }

  Outcome add(String device, String allergen, @Nullable String severity, @Nullable Long observed) {
    return deliver(AllergyOp.add(allergen, severity, observed, stamp(device), version + 1, mode));
  }

  Outcome remove(String device, String allergen, @Nullable Long observed) {
    return deliver(AllergyOp.remove(allergen, observed, stamp(device), version + 1, mode));
  }

  Outcome resolve(String device, UUID conflictId, Decision decision) {
    return deliver(new AllergyOp.Resolve(conflictId, decision, stamp(device), version + 1));
  }

  /** Applies {@code op} as received; an applied op advances the version to its own. */
  Outcome deliver(AllergyOp op) {
    Transition transition = state.apply(op);
    delivered.add(op);
    transitions.add(transition);
    if (transition.outcome() instanceof Outcome.Applied) {
      version = Math.max(version, op.version());
    }
    state = transition.state();
    return transition.outcome();
  }

  /** An id never used for an op, to name a conflict that does not exist. */
  UUID unusedId() {
    return new UUID(~seed, -(++ids));
  }

  OrSet state() {
    return state;
  }

  long version() {
    return version;
  }

  List<AllergyOp> delivered() {
    return List.copyOf(delivered);
  }

  List<Outcome> outcomes() {
    return transitions.stream().map(Transition::outcome).toList();
  }

  private Stamp stamp(String device) {
    ids++;
    UUID opId = new UUID(seed + ids * 0x9E37_79B9_7F4A_7C15L, ids);
    return new Stamp(1_000L * (version + 1), device, opId);
  }
}
