package dev.foodlens.sync.http;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The readiness answer of one event loop, asked of Postgres at most once per {@code maxAge}
 * (contract §7: it may be up to ~1 s old): probes and anonymous callers cost no query each.
 * Callers that arrive while a probe is out share its answer. Not thread-safe: each HTTP
 * verticle instance keeps its own, used on its event loop only.
 */
final class Readiness {
  static final Duration MAX_AGE = Duration.ofSeconds(1);

  private final Supplier<Future<Boolean>> probe;
  private final LongSupplier nanoTime;
  private final long maxAgeNanos;
  private @Nullable Future<Boolean> last;
  private long askedAt;

  Readiness(Supplier<Future<Boolean>> probe, LongSupplier nanoTime, Duration maxAge) {
    this.probe = probe;
    this.nanoTime = nanoTime;
    this.maxAgeNanos = maxAge.toNanos();
  }

  Future<Boolean> current() {
    long now = nanoTime.getAsLong();
    if (last == null || (last.isComplete() && now - askedAt >= maxAgeNanos)) {
      askedAt = now;
      last = probe.get().otherwise(false);
    }
    return last;
  }
}
