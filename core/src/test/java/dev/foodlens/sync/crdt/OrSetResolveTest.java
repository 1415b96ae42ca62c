package dev.foodlens.sync.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.crdt.Outcome.Applied;
import dev.foodlens.sync.crdt.Outcome.Rejected;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrSetResolveTest {
  private final Server server = new Server();
  private UUID conflict;

  /** d2 adds peanut while d1, who had seen only the first add, removes it: one open conflict. */
  @BeforeEach
  void concurrentRemoveAndAdd() {
    server.add("d1", "peanut", "mild", 0L);
    server.add("d2", "peanut", "severe", 1L);
    server.remove("d1", "peanut", 1L);
    conflict = server.state().openConflicts().get(0).id();
  }

  @Test
  void resolve_keep_keepsTagAndClearsPending() {
    Applied resolved = (Applied) server.resolve("d1", conflict, Decision.KEEP);

    assertThat(server.state().present("peanut"))
        .contains(new PresentAllergy("peanut", "severe", false));
    assertThat(resolved.effects().tombstoned()).isEmpty();
    assertThat(resolved.effects().closed()).singleElement()
        .extracting(Conflict::state).isEqualTo(Conflict.State.RESOLVED);
    assertThat(server.state().openConflicts()).isEmpty();
  }

  @Test
  void resolve_remove_tombstonesTheConflictsTag() {
    Applied resolved = (Applied) server.resolve("d1", conflict, Decision.REMOVE);

    assertThat(server.state().present("peanut")).isEmpty();
    assertThat(resolved.effects().tombstoned()).singleElement()
        .extracting(Tombstone::cause).isEqualTo(Tombstone.Cause.USER_DECISION);
  }

  @Test
  void resolve_remove_keepsLaterAddThatObservedTheRemove() {
    server.add("d3", "peanut", null, 3L);

    server.resolve("d1", conflict, Decision.REMOVE);

    assertThat(server.state().present("peanut"))
        .contains(new PresentAllergy("peanut", null, false));
  }

  @Test
  void resolve_sameDecisionTwice_isNoOp() {
    server.resolve("d1", conflict, Decision.KEEP);
    OrSet before = server.state();

    Outcome again = server.resolve("d2", conflict, Decision.KEEP);

    assertThat(again).isInstanceOf(Outcome.AlreadyResolved.class);
    assertThat(server.state()).isSameAs(before);
  }

  @Test
  void resolve_contraryDecision_isRejected() {
    server.resolve("d1", conflict, Decision.KEEP);
    OrSet before = server.state();

    Outcome contrary = server.resolve("d2", conflict, Decision.REMOVE);

    assertThat(contrary).isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(
        rejected.reason()).isEqualTo(Outcome.Rejection.CONTRARY_DECISION));
    assertThat(server.state()).isSameAs(before);
    assertThat(server.state().present("peanut")).isPresent();
  }

  @Test
  void resolve_unknownConflict_isRejected() {
    Outcome outcome = server.resolve("d1", server.unusedId(), Decision.REMOVE);

    assertThat(outcome).isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(
        rejected.reason()).isEqualTo(Outcome.Rejection.UNKNOWN_CONFLICT));
  }

  @Test
  void resolve_keepWhileAnotherRemoveConflicts_leavesAllergenPending() {
    server.remove("d3", "peanut", 1L);
    assertThat(server.state().openConflicts()).hasSize(2);

    server.resolve("d1", conflict, Decision.KEEP);

    assertThat(server.state().present("peanut"))
        .contains(new PresentAllergy("peanut", "severe", true));
  }

  @Test
  void resolve_removeWhileAnotherRemoveConflicts_supersedesTheOther() {
    server.remove("d3", "peanut", 1L);

    Applied resolved = (Applied) server.resolve("d1", conflict, Decision.REMOVE);

    assertThat(server.state().present("peanut")).isEmpty();
    assertThat(resolved.effects().closed()).extracting(Conflict::state)
        .containsExactlyInAnyOrder(Conflict.State.RESOLVED, Conflict.State.SUPERSEDED);
    assertThat(server.state().openConflicts()).isEmpty();
  }

  @Test
  void apply_removeThatObservedConflictTag_supersedesConflict() {
    Applied removed = (Applied) server.remove("d2", "peanut", 3L);

    assertThat(server.state().present("peanut")).isEmpty();
    assertThat(removed.effects().closed()).singleElement()
        .extracting(Conflict::state).isEqualTo(Conflict.State.SUPERSEDED);
  }

  @Test
  void apply_staleRemoveOfTagAlreadyRemoved_opensNoConflict() {
    server.remove("d2", "peanut", 3L);

    Applied stale = (Applied) server.remove("d3", "peanut", 1L);

    assertThat(stale.conflicted()).isFalse();
    assertThat(server.state().openConflicts()).isEmpty();
    assertThat(server.state().present("peanut")).isEmpty();
  }
}
