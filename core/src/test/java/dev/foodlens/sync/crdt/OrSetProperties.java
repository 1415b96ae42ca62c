package dev.foodlens.sync.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.crdt.Histories.History;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OrSetProperties {

  @Provide
  Arbitrary<History> anyGate() {
    return Histories.histories(null);
  }

  @Provide
  Arbitrary<History> gateOn() {
    return Histories.histories(MergeMode.MANUAL);
  }

  @Provide
  Arbitrary<History> gateOff() {
    return Histories.histories(MergeMode.LAST_WRITER_WINS);
  }

  @Property(tries = 500)
  void replicas_applyingServerLogWithDuplicates_holdTheSameSet(
      @ForAll("anyGate") History history, @ForAll Random random) {
    Server server = Histories.run(history, null);
    List<AllergyOp> log = Histories.accepted(server);

    OrSet replica = applyAll(OrSet.empty(), withDuplicates(log, random));

    assertThat(server.state().ops()).isEqualTo(log);
    assertThat(replica).isEqualTo(server.state());
    assertThat(replica.items()).isEqualTo(server.state().items());
    assertThat(replica.conflicts()).isEqualTo(server.state().conflicts());
  }

  @Property(tries = 500)
  void replicas_receivingAddsAndRemovesInAnyOrder_converge(
      @ForAll("anyGate") History history, @ForAll Random random) {
    Server server = Histories.run(history, null);
    List<AllergyOp> writes = new ArrayList<>();
    List<AllergyOp> resolves = new ArrayList<>();
    for (AllergyOp op : Histories.accepted(server)) {
      (op instanceof AllergyOp.Resolve ? resolves : writes).add(op);
    }
    Collections.shuffle(writes, random);

    OrSet replica = applyAll(applyAll(OrSet.empty(), withDuplicates(writes, random)), resolves);

    assertThat(replica).isEqualTo(server.state());
  }

  @Property(tries = 500)
  void apply_eachOpId_takesEffectOnce(@ForAll("anyGate") History history) {
    Server server = Histories.run(history, null);
    List<UUID> applied = new ArrayList<>();
    OrSet replica = OrSet.empty();
    for (AllergyOp op : server.delivered()) {
      Transition transition = replica.apply(op);
      if (transition.outcome() instanceof Outcome.Applied) {
        assertThat(applied).doesNotContain(op.opId());
        applied.add(op.opId());
      } else {
        assertThat(transition.state()).isSameAs(replica);
      }
      if (transition.outcome() instanceof Outcome.Duplicate) {
        assertThat(applied).contains(op.opId());
      }
      replica = transition.state();
    }
  }

  @Property(tries = 500)
  void tombstones_writtenAtTheKillingOpsVersion_neverChange(@ForAll("anyGate") History history) {
    OrSet replica = OrSet.empty();
    for (AllergyOp op : Histories.accepted(Histories.run(history, null))) {
      Transition transition = replica.apply(op);
      Outcome.Effects effects = ((Outcome.Applied) transition.outcome()).effects();
      assertThat(effects.tombstoned()).allMatch(tombstone -> tombstone.version() == op.version());
      for (AllergyOp earlier : replica.ops()) {
        replica.tombstone(earlier.opId()).ifPresent(tombstone -> assertThat(
            transition.state().tombstone(earlier.opId())).contains(tombstone));
      }
      replica = transition.state();
    }
  }

  @Property(tries = 500)
  void conflicts_eachPair_isOpenedOnceAndOnlyUnderGateOn(@ForAll("anyGate") History history) {
    Server server = Histories.run(history, null);
    List<UUID> opened = new ArrayList<>();
    List<UUID> decided = new ArrayList<>();
    Set<UUID> open = new HashSet<>();
    for (Outcome outcome : server.outcomes()) {
      if (outcome instanceof Outcome.Applied) {
        Outcome.Effects effects = ((Outcome.Applied) outcome).effects();
        assertThat(effects.opened()).allSatisfy(c -> assertThat(open.add(c.id())).isTrue())
            .allMatch(c -> c.state() == Conflict.State.OPEN);
        assertThat(effects.closed()).allSatisfy(c -> assertThat(open.remove(c.id())).isTrue());
        effects.opened().forEach(conflict -> opened.add(conflict.id()));
        effects.autoDecided().forEach(decision -> decided.add(decision.id()));
      }
    }

    assertThat(opened).doesNotHaveDuplicates();
    assertThat(decided).doesNotHaveDuplicates();
    assertThat(Collections.disjoint(opened, decided)).isTrue();
    assertThat(server.state().openConflicts()).extracting(Conflict::id)
        .containsExactlyInAnyOrderElementsOf(open);
    assertThat(server.state().conflicts()).allSatisfy(c -> assertThat(
        (c.detectedVersion() == c.remove().version() ? c.remove().mode() : c.add().mode()))
        .isEqualTo(MergeMode.MANUAL));
  }

  @Property(tries = 300)
  void gateOn_allergenLeaves_onlyByObservedRemoveOrUserDecision(
      @ForAll("gateOn") History history) {
    List<AllergyOp> seen = new ArrayList<>();
    OrSet replica = OrSet.empty();
    for (AllergyOp op : Histories.accepted(Histories.run(history, MergeMode.MANUAL))) {
      replica = replica.apply(op).state();
      seen.add(op);
      Contract contract = new Contract(seen);
      for (String allergen : Histories.ALLERGENS) {
        assertThat(replica.present(allergen).isPresent())
            .isEqualTo(contract.presentUnderManualGate(allergen));
        assertThat(replica.present(allergen).map(PresentAllergy::pendingConfirmation).orElse(false))
            .isEqualTo(contract.pendingUnderManualGate(allergen));
      }
    }
  }

  @Property(tries = 300)
  void gateOff_presenceFollowsLastWriter_andEveryPairIsReportedOnce(
      @ForAll("gateOff") History history) {
    Server server = Histories.run(history, MergeMode.LAST_WRITER_WINS);
    Contract contract = new Contract(Histories.accepted(server));

    for (String allergen : Histories.ALLERGENS) {
      assertThat(server.state().present(allergen).isPresent())
          .isEqualTo(contract.presentUnderLastWriterWins(allergen));
    }
    assertThat(server.state().conflicts()).isEmpty();
    assertThat(server.outcomes().stream()
        .filter(Outcome.Applied.class::isInstance).map(Outcome.Applied.class::cast)
        .mapToLong(applied -> applied.effects().autoDecided().size()).sum())
        .isEqualTo(contract.concurrentPairs());
  }

  @Property(tries = 500)
  void restore_snapshotPlusTailInAnyOrder_isTheServersSet(
      @ForAll("anyGate") History history, @ForAll Random random) {
    Server server = Histories.run(history, null);
    List<AllergyOp> log = Histories.accepted(server);
    int cut = log.isEmpty() ? 0 : random.nextInt(log.size() + 1);
    List<AllergyOp> shuffled = new ArrayList<>(log);
    Collections.shuffle(shuffled, random);

    OrSet snapshot = OrSet.restore(log.subList(0, cut));
    OrSet restored = OrSet.restore(shuffled);

    assertThat(snapshot).isEqualTo(applyAll(OrSet.empty(), log.subList(0, cut)));
    assertThat(applyAll(snapshot, log.subList(cut, log.size()))).isEqualTo(server.state());
    assertThat(restored).isEqualTo(server.state());
    assertThat(restored.items()).isEqualTo(server.state().items());
    assertThat(restored.conflicts()).isEqualTo(server.state().conflicts());
    assertThat(restored.ops()).isEqualTo(log);
    log.forEach(op -> assertThat(restored.tombstone(op.opId()))
        .isEqualTo(server.state().tombstone(op.opId())));
  }

  static OrSet applyAll(OrSet start, List<AllergyOp> ops) {
    OrSet state = start;
    for (AllergyOp op : ops) {
      state = state.apply(op).state();
    }
    return state;
  }

  /** {@code ops} in order, each followed now and then by a copy of an op already sent. */
  static List<AllergyOp> withDuplicates(List<AllergyOp> ops, Random random) {
    List<AllergyOp> delivery = new ArrayList<>();
    for (AllergyOp op : ops) {
      delivery.add(op);
      if (random.nextInt(4) == 0) {
        delivery.add(delivery.get(random.nextInt(delivery.size())));
      }
    }
    return delivery;
  }
}
