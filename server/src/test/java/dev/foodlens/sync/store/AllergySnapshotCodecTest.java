package dev.foodlens.sync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.Conflict;
import dev.foodlens.sync.crdt.Decision;
import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.crdt.OrSet;
import dev.foodlens.sync.crdt.Stamp;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The snapshot's encoding gives back every field of every op, and its spacing. */
class AllergySnapshotCodecTest {

  @Test
  void encodeThenDecode_givesBackEveryOp() {
    UUID add = UUID.randomUUID();
    UUID remove = UUID.randomUUID();
    OrSet set = OrSet.empty()
        .apply(new AllergyOp.Add("peanut", null, 0, new Stamp(10, "", add), 1,
            MergeMode.MANUAL)).state()
        .apply(new AllergyOp.Remove("peanut", 0, new Stamp(11, "d2", remove), 2,
            MergeMode.MANUAL)).state()
        .apply(new AllergyOp.Add("milk", "severe", 2, new Stamp(12, "d1", UUID.randomUUID()), 3,
            MergeMode.LAST_WRITER_WINS)).state();
    set = set.apply(new AllergyOp.Resolve(Conflict.idOf(remove, add), Decision.REMOVE,
        new Stamp(13, "d1", UUID.randomUUID()), 4)).state();
    assertThat(set.conflicts()).hasSize(1);

    assertThat(AllergySnapshot.decode(AllergySnapshot.encode(set))).isEqualTo(set.ops());
    assertThat(OrSet.restore(AllergySnapshot.decode(AllergySnapshot.encode(set))))
        .isEqualTo(set);
  }

  @Test
  void anUnknownFormat_isRefused() {
    assertThatThrownBy(() -> AllergySnapshot.decode("{\"format\":2,\"ops\":[]}"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void due_every64Ops_thenEverySixteenthOfTheLog() {
    assertThat(AllergySnapshot.due(63)).isFalse();
    assertThat(AllergySnapshot.due(64)).isTrue();
    assertThat(AllergySnapshot.due(1024)).isTrue();
    assertThat(AllergySnapshot.every(1000)).isEqualTo(64);
    assertThat(AllergySnapshot.every(10_000)).isEqualTo(512);
    assertThat(AllergySnapshot.due(10_240)).isTrue();
    assertThat(AllergySnapshot.due(10_000)).isFalse();
    for (int ops = 1; ops < 100_000; ops++) {
      assertThat((double) ops / AllergySnapshot.every(ops)).isLessThanOrEqualTo(32);
    }
  }
}
