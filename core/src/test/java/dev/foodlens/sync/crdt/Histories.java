package dev.foodlens.sync.crdt;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Random allergy histories from 2 to 4 devices, and the server run that receives them.
 *
 * <p>A device writes against the version it last saw, so devices that have not synced for a
 * while write concurrently with the others; an op is sometimes delivered again later, and
 * resolves pick any detected conflict (or none) with either decision.
 */
final class Histories {
  static final List<String> ALLERGENS = List.of("peanut", "milk", "egg");
  private static final List<@Nullable String> SEVERITIES =
      java.util.Arrays.asList(null, "mild", "moderate", "severe");

  private Histories() {}

  sealed interface Step permits Write, Sync, Decide, Redeliver, Toggle {}

  /** Device {@code device} adds or removes, against the version it last saw unless blind. */
  record Write(int device, boolean add, int allergen, int severity, boolean blind)
      implements Step {}

  /** Device {@code device} pulls and now sees the current version. */
  record Sync(int device) implements Step {}

  /** A user decides conflict number {@code pick}, or an unknown one when there is none. */
  record Decide(int device, int pick, Decision decision) implements Step {}

  /** The op delivered {@code pick}-th is delivered again. */
  record Redeliver(int pick) implements Step {}

  /** The operator flips the manual-merge gate. */
  record Toggle(MergeMode mode) implements Step {}

  record History(int devices, long seed, List<Step> steps) {}

  /** Histories under one gate ({@code mode}) or, when null, with the gate flipping. */
  static Arbitrary<History> histories(@Nullable MergeMode mode) {
    return Arbitraries.integers().between(2, 4).flatMap(devices -> Combinators
        .combine(Arbitraries.longs(), steps(devices, mode).list().ofMinSize(4).ofMaxSize(40))
        .as((seed, steps) -> new History(devices, seed, steps)));
  }

  private static Arbitrary<Step> steps(int devices, @Nullable MergeMode mode) {
    Arbitrary<Integer> device = Arbitraries.integers().between(0, devices - 1);
    Arbitrary<Integer> index = Arbitraries.integers().between(0, 1_000);
    Arbitrary<Step> write = Combinators.combine(device, Arbitraries.of(true, false),
        Arbitraries.integers().between(0, ALLERGENS.size() - 1),
        Arbitraries.integers().between(0, SEVERITIES.size() - 1),
        Arbitraries.integers().between(0, 5).map(n -> n == 0)).as(Write::new);
    Arbitrary<Step> sync = device.map(Sync::new);
    Arbitrary<Step> decide = Combinators
        .combine(device, index, Arbitraries.of(Decision.class)).as(Decide::new);
    Arbitrary<Step> redeliver = index.map(Redeliver::new);
    if (mode != null) {
      return Arbitraries.frequencyOf(Tuple.of(8, write), Tuple.of(2, sync), Tuple.of(3, decide),
          Tuple.of(2, redeliver));
    }
    Arbitrary<Step> toggle = Arbitraries.of(MergeMode.class).map(Toggle::new);
    return Arbitraries.frequencyOf(Tuple.of(8, write), Tuple.of(2, sync), Tuple.of(3, decide),
        Tuple.of(2, redeliver), Tuple.of(1, toggle));
  }

  /** Receives the history at a server that starts under {@code mode} (MANUAL when null). */
  static Server run(History history, @Nullable MergeMode mode) {
    Server server = new Server(history.seed());
    server.gate(mode == null ? MergeMode.MANUAL : mode);
    long[] seen = new long[history.devices()];
    for (Step step : history.steps()) {
      receive(server, seen, step);
    }
    return server;
  }

  private static void receive(Server server, long[] seen, Step step) {
    if (step instanceof Write write) {
      write(server, seen, write);
    } else if (step instanceof Sync sync) {
      seen[sync.device()] = server.version();
    } else if (step instanceof Decide decide) {
      decide(server, decide);
    } else if (step instanceof Redeliver redeliver) {
      List<AllergyOp> delivered = server.delivered();
      if (!delivered.isEmpty()) {
        server.deliver(delivered.get(redeliver.pick() % delivered.size()));
      }
    } else {
      server.gate(((Toggle) step).mode());
    }
  }

  private static void write(Server server, long[] seen, Write write) {
    String device = "d" + write.device();
    String allergen = ALLERGENS.get(write.allergen());
    @Nullable Long observed = write.blind() ? null : seen[write.device()];
    if (write.add()) {
      server.add(device, allergen, SEVERITIES.get(write.severity()), observed);
    } else {
      server.remove(device, allergen, observed);
    }
    // The response carries the set after the write, so the writer has now seen it.
    seen[write.device()] = server.version();
  }

  private static void decide(Server server, Decide decide) {
    List<Conflict> conflicts = server.state().conflicts();
    String device = "d" + decide.device();
    if (conflicts.isEmpty()) {
      server.resolve(device, server.unusedId(), decide.decision());
    } else {
      Conflict conflict = conflicts.get(decide.pick() % conflicts.size());
      server.resolve(device, conflict.id(), decide.decision());
    }
  }

  /** The ops the server applied, in the order it applied them. */
  static List<AllergyOp> accepted(Server server) {
    List<AllergyOp> accepted = new ArrayList<>();
    List<AllergyOp> delivered = server.delivered();
    List<Outcome> outcomes = server.outcomes();
    for (int i = 0; i < delivered.size(); i++) {
      if (outcomes.get(i) instanceof Outcome.Applied) {
        accepted.add(delivered.get(i));
      }
    }
    return accepted;
  }
}
