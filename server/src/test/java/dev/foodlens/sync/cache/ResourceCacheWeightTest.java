package dev.foodlens.sync.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 12 item 5: the cache is bounded by the bytes it holds, not by how many entries. */
class ResourceCacheWeightTest {

  @Test
  void offer_largeRenderingsBeyondMaxBytes_evictsDownToTheBound() {
    long maxBytes = 1 << 20;
    ResourceCache cache = new ResourceCache(maxBytes, Duration.ofMinutes(10),
        ResourceCache.Announcer.NONE);
    for (int i = 0; i < 20; i++) {
      cache.offer(new ResourceCache.Key("user-" + i, "profile"),
          new ResourceCache.Rendered(1, Buffer.buffer(new byte[300_000])));
    }
    cache.caffeine().cleanUp();

    long weighed = cache.caffeine().policy().eviction().orElseThrow().weightedSize()
        .orElseThrow();
    assertThat(weighed).isPositive().isLessThanOrEqualTo(maxBytes);
    assertThat(cache.caffeine().estimatedSize()).isBetween(1L, 3L);
  }

  @Test
  void weight_countsTheBodyAndTheKey() {
    ResourceCache.Key key = new ResourceCache.Key("alice", "profile");

    assertThat(ResourceCache.weight(key, new ResourceCache.Rendered(1, Buffer.buffer(
        new byte[10_000])))).isGreaterThan(10_000).isLessThan(10_500);
  }
}
