package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Full-jitter bounds, the cap, and Retry-After. */
class BackoffTest {
  final Backoff backoff = Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(60), 10);

  @Test
  void ceiling_doublesFromBase_untilTheCap() {
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(32));
    assertThat(backoff.ceiling(7)).isEqualTo(Duration.ofSeconds(60));
    assertThat(backoff.ceiling(500)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void delay_isFullJitter_withinZeroAndTheCeiling_andSpreadsOverIt() {
    RandomGenerator random = new SplittableRandom(7);
    for (int failures = 1; failures <= 12; failures++) {
      long min = Long.MAX_VALUE;
      long max = 0;
      for (int i = 0; i < 2_000; i++) {
        long d = backoff.delay(failures, null, random).toNanos();
        assertThat(d).isBetween(0L, backoff.ceiling(failures).toNanos());
        min = Math.min(min, d);
        max = Math.max(max, d);
      }
      long ceiling = backoff.ceiling(failures).toNanos();
      assertThat(min).isLessThan(ceiling / 10);
      assertThat(max).isGreaterThan(ceiling / 10 * 9);
    }
  }

  @Test
  void delay_neverShorterThanRetryAfter() {
    RandomGenerator random = new SplittableRandom(1);
    for (int i = 0; i < 1_000; i++) {
      assertThat(backoff.delay(1, Duration.ofSeconds(5), random))
          .isEqualTo(Duration.ofSeconds(5));
      assertThat(backoff.delay(9, Duration.ofSeconds(5), random))
          .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(60));
    }
  }

  @Test
  void of_refusesNonsense() {
    assertThatThrownBy(() -> Backoff.of(Duration.ZERO, Duration.ofSeconds(1), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Backoff.defaults().maxAttempts()).isEqualTo(10);
  }
}
