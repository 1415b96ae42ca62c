package dev.foodlens.sync.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.crdt.Outcome.Applied;
import org.junit.jupiter.api.Test;

class OrSetTest {
  private final Server server = new Server();

  @Test
  void apply_addToEmptySet_makesAllergenPresent() {
    Outcome outcome = server.add("d1", "peanut", "severe", 0L);

    assertThat(outcome).isInstanceOf(Applied.class);
    assertThat(server.state().items())
        .containsExactly(new PresentAllergy("peanut", "severe", false));
  }

  @Test
  void apply_removeThatObservedEveryTag_removesAllergen() {
    server.add("d1", "peanut", null, 0L);
    server.add("d2", "peanut", "mild", 1L);

    Applied removed = (Applied) server.remove("d1", "peanut", 2L);

    assertThat(server.state().present("peanut")).isEmpty();
    assertThat(removed.effects().tombstoned()).extracting(Tombstone::cause)
        .containsOnly(Tombstone.Cause.OBSERVED_REMOVE).hasSize(2);
    assertThat(removed.conflicted()).isFalse();
  }

  @Test
  void apply_removeWithoutObservedVersion_removesEveryCurrentTag() {
    server.add("d1", "peanut", null, 0L);
    server.add("d2", "peanut", null, 0L);

    server.remove("d3", "peanut", null);

    assertThat(server.state().present("peanut")).isEmpty();
    assertThat(server.state().conflicts()).isEmpty();
  }

  @Test
  void apply_concurrentRemoveAndAdd_keepsAllergenPending() {
    server.add("d1", "peanut", "mild", 0L);
    server.add("d2", "peanut", "severe", 1L);

    Applied removed = (Applied) server.remove("d1", "peanut", 1L);

    assertThat(removed.conflicted()).isTrue();
    assertThat(removed.effects().tombstoned()).hasSize(1);
    assertThat(server.state().present("peanut"))
        .contains(new PresentAllergy("peanut", "severe", true));
    Conflict conflict = server.state().openConflicts().get(0);
    assertThat(conflict.detectedVersion()).isEqualTo(3);
    assertThat(conflict.detectedAt().deviceId()).isEqualTo("d1");
  }

  @Test
  void apply_addAfterRemoveItDidNotObserve_opensConflict() {
    server.add("d1", "peanut", null, 0L);
    server.remove("d1", "peanut", 1L);

    Applied added = (Applied) server.add("d2", "peanut", "mild", 1L);

    assertThat(added.conflicted()).isTrue();
    assertThat(server.state().present("peanut"))
        .contains(new PresentAllergy("peanut", "mild", true));
  }

  @Test
  void apply_addThatObservedRemove_opensNoConflict() {
    server.add("d1", "peanut", null, 0L);
    server.remove("d1", "peanut", 1L);

    server.add("d2", "peanut", "mild", 2L);

    assertThat(server.state().conflicts()).isEmpty();
    assertThat(server.state().present("peanut"))
        .contains(new PresentAllergy("peanut", "mild", false));
  }

  @Test
  void apply_concurrentPairRedelivered_recordsConflictOnce() {
    server.add("d1", "peanut", null, 0L);
    server.remove("d1", "peanut", 0L);
    OrSet before = server.state();

    for (AllergyOp op : server.delivered()) {
      assertThat(server.deliver(op)).isInstanceOf(Outcome.Duplicate.class);
    }

    assertThat(server.state()).isSameAs(before);
    assertThat(before.conflicts()).hasSize(1);
  }

  @Test
  void apply_sameOpIdWithOtherFields_isDuplicate() {
    server.add("d1", "peanut", null, 0L);
    AllergyOp.Add first = (AllergyOp.Add) server.delivered().get(0);
    AllergyOp copy = AllergyOp.add("milk", "severe", null, first.stamp(), 9, MergeMode.MANUAL);

    assertThat(server.deliver(copy)).isEqualTo(new Outcome.Duplicate(first.opId()));
    assertThat(server.state().present("milk")).isEmpty();
  }

  @Test
  void present_twoLiveTags_reportsSeverityOfLatestAdd() {
    server.add("d1", "peanut", "severe", 0L);
    server.add("d2", "peanut", "mild", 0L);

    assertThat(server.state().present("peanut"))
        .contains(new PresentAllergy("peanut", "mild", false));
  }

  @Test
  void apply_gateOffRemoveAfterConcurrentAdd_removeWinsAndIsReported() {
    server.gate(MergeMode.LAST_WRITER_WINS);
    server.add("d1", "peanut", null, 0L);

    Applied removed = (Applied) server.remove("d2", "peanut", 0L);

    assertThat(server.state().present("peanut")).isEmpty();
    assertThat(server.state().conflicts()).isEmpty();
    assertThat(removed.effects().autoDecided()).singleElement()
        .extracting(AutoDecision::decision).isEqualTo(Decision.REMOVE);
    assertThat(removed.effects().tombstoned()).singleElement()
        .extracting(Tombstone::cause).isEqualTo(Tombstone.Cause.LAST_WRITER_WINS);
  }

  @Test
  void apply_gateOffAddAfterConcurrentRemove_addWinsAndIsReported() {
    server.gate(MergeMode.LAST_WRITER_WINS);
    server.add("d1", "peanut", null, 0L);
    server.remove("d1", "peanut", 1L);

    Applied added = (Applied) server.add("d2", "peanut", "mild", 1L);

    assertThat(server.state().present("peanut"))
        .contains(new PresentAllergy("peanut", "mild", false));
    assertThat(added.effects().autoDecided()).singleElement()
        .extracting(AutoDecision::decision).isEqualTo(Decision.KEEP);
  }

  @Test
  void apply_gateFlippedBetweenPair_followsGateOfSecondOp() {
    server.gate(MergeMode.LAST_WRITER_WINS);
    server.add("d1", "peanut", null, 0L);
    server.gate(MergeMode.MANUAL);

    Applied removed = (Applied) server.remove("d2", "peanut", 0L);

    assertThat(removed.conflicted()).isTrue();
    assertThat(removed.effects().autoDecided()).isEmpty();
  }

  @Test
  void ops_appliedInOrderToEmptySet_rebuildEqualSet() {
    server.add("d1", "peanut", null, 0L);
    server.add("d2", "peanut", null, 0L);
    server.remove("d1", "peanut", 1L);
    server.resolve("d1", server.state().openConflicts().get(0).id(), Decision.REMOVE);

    OrSet rebuilt = OrSet.empty();
    for (AllergyOp op : server.state().ops()) {
      rebuilt = rebuilt.apply(op).state();
    }

    assertThat(rebuilt).isEqualTo(server.state());
  }
}
