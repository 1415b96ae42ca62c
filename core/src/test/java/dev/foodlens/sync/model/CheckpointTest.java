package dev.foodlens.sync.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointTest {
  private static String opaque(String text) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void roundTrips_withAndWithoutAStamp() {
    for (Checkpoint c : new Checkpoint[] {Checkpoint.bootstrap(), Checkpoint.after(7),
        Checkpoint.after(7, 1_700_000_000_123_456L), new Checkpoint(3, true, 42)}) {
      assertThat(Checkpoint.decode(c.encode())).contains(c);
    }
  }

  @Test
  void unstampedCheckpointsKeepTheirFirstForm() {
    assertThat(Checkpoint.after(2).encode()).isEqualTo(opaque("c1.d2"));
    assertThat(Checkpoint.decode(opaque("c1.s5"))).contains(new Checkpoint(5, true));
  }

  @Test
  void onlyAKnownDifferentStampContradicts() {
    Checkpoint stamped = Checkpoint.after(9, 100);
    assertThat(stamped.contradicts(100)).isFalse();
    assertThat(stamped.contradicts(0)).as("the change was pruned").isFalse();
    assertThat(stamped.contradicts(101)).isTrue();
    assertThat(Checkpoint.after(9).contradicts(101)).as("an unstamped checkpoint").isFalse();
  }

  @Test
  void garbage_isNotACheckpoint() {
    for (String text : new String[] {"c2.d5", "c2.d5.", "c2.d5.0", "c2.d5.-3", "c2.x5.1",
        "c3.d5.1", "c1.d", "c1.d-1"}) {
      assertThat(Checkpoint.decode(opaque(text))).as(text).isEqualTo(Optional.empty());
    }
  }
}
