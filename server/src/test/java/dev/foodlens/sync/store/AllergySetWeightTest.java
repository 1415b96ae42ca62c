package dev.foodlens.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.model.Allergies;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The replayed sets are weighed by the ops they hold: a big set costs more of the budget. */
class AllergySetWeightTest {

  @Test
  void weight_growsWithTheOpsTheSetHolds() {
    Allergies small = Allergies.EMPTY;
    Allergies large = Allergies.EMPTY;
    for (int i = 1; i <= 1000; i++) {
      AllergyOp add = AllergyOp.add("a-" + i, null, null,
          new Stamp(i, "d1", UUID.randomUUID()), i, MergeMode.MANUAL);
      large = large.plus(add, i);
      if (i <= 10) {
        small = small.plus(add, i);
      }
    }

    assertThat(PgAllergyStore.weight(large)).isGreaterThan(100 * PgAllergyStore.weight(small) / 2)
        .isGreaterThan(500_000);
  }
}
