package dev.foodlens.sync.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The size issue 12 reproduced: 20,000 allergens in one set. Applying an op copies only a path
 * of the set's trees, so every earlier state stays as it was and the whole run is O(n log n).
 */
class OrSetLargeTest {
  private static final int N = 20_000;

  @Test
  void apply_twentyThousandAllergens_keepsEveryStateAndFindsEveryOp() {
    Server server = new Server();
    OrSet empty = server.state();
    for (int i = 0; i < N; i++) {
      server.add("d1", allergen(i), "mild", null);
    }
    OrSet full = server.state();
    server.remove("d2", allergen(7), 0L);
    server.add("d3", allergen(7), "severe", 0L);

    assertThat(empty.items()).isEmpty();
    assertThat(full.items()).hasSize(N);
    assertThat(full.present(allergen(7))).contains(new PresentAllergy(allergen(7), "mild", false));
    assertThat(server.state().items()).hasSize(N);
    assertThat(server.state().present(allergen(7)))
        .contains(new PresentAllergy(allergen(7), "severe", true));
    Conflict conflict = server.state().openConflicts().get(0);
    assertThat(server.state().conflict(conflict.id())).contains(conflict);
    assertThat(full.conflict(conflict.id())).isEmpty();
    assertThat(server.state().conflicts(allergen(7)))
        .containsExactlyInAnyOrderElementsOf(server.state().conflicts());
    assertThat(server.state().allergenCount()).isEqualTo(N);
    assertThat(server.state().opCount(allergen(7))).isEqualTo(3);
    List<AllergyOp> ops = server.state().ops();
    assertThat(ops).hasSize(N + 2).allMatch(op -> server.state().contains(op.opId()));
    assertThat(full.contains(ops.get(N + 1).opId())).isFalse();
  }

  @Test
  void merge_twoLargeReplicas_holdsTheOpsOfBoth() {
    Server server = new Server();
    for (int i = 0; i < N; i++) {
      server.add("d1", allergen(i), null, null);
    }
    List<AllergyOp> log = server.state().ops();
    OrSet evens = OrSet.empty();
    OrSet odds = OrSet.empty();
    for (int i = 0; i < log.size(); i++) {
      if (i % 2 == 0) {
        evens = evens.apply(log.get(i)).state();
      } else {
        odds = odds.apply(log.get(i)).state();
      }
    }

    OrSet merged = OrSet.merge(evens, odds);

    assertThat(merged).isEqualTo(server.state()).isEqualTo(OrSet.merge(odds, evens));
    assertThat(merged.ops()).isEqualTo(log);
    assertThat(log).allMatch(op -> merged.contains(op.opId()));
  }

  private static String allergen(int i) {
    return "allergen-" + i;
  }
}
