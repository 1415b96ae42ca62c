package dev.foodlens.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.ledger.Fingerprint;
import dev.foodlens.sync.ledger.LedgerEntry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 12 item 5: 100,000 entries of 330 KB must not mean 33 GB of heap. */
class LedgerFrontWeightTest {

  @Test
  void remember_largeResponsesBeyondMaxBytes_evictsDownToTheBound() {
    long maxBytes = 2 << 20;
    LedgerFront front = new LedgerFront(maxBytes, Duration.ofMinutes(10));
    Fingerprint fingerprint = Fingerprint.of("POST", "/me/sync/push", null);
    for (int i = 0; i < 50; i++) {
      front.remember("user", UUID.randomUUID(),
          new LedgerEntry(fingerprint, 200, new byte[330_000]));
    }
    front.caffeine().cleanUp();

    long weighed = front.caffeine().policy().eviction().orElseThrow().weightedSize()
        .orElseThrow();
    assertThat(weighed).isPositive().isLessThanOrEqualTo(maxBytes);
    assertThat(front.caffeine().estimatedSize()).isBetween(1L, 6L);
  }
}
