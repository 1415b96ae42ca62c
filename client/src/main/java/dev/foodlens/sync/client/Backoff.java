package dev.foodlens.sync.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Exponential backoff with full jitter (the AWS architecture blog's "full jitter"): after the
 * n-th consecutive failed send the queue waits a uniformly random time in
 * {@code [0, min(cap, base · 2^(n−1))]}, and never less than a {@code Retry-After} the server
 * sent. An op whose sends failed {@code maxAttempts} times is failed ({@code max-attempts}).
 * Immutable and thread-safe.
 */
public final class Backoff {
  private final Duration base;
  private final Duration cap;
  private final int maxAttempts;

  private Backoff(Duration base, Duration cap, int maxAttempts) {
    this.base = base;
    this.cap = cap;
    this.maxAttempts = maxAttempts;
  }

  /** Base 1 s, cap 5 min, 10 attempts. */
  public static Backoff defaults() {
    return of(Duration.ofSeconds(1), Duration.ofMinutes(5), 10);
  }

  /**
   * A backoff; {@code base} and {@code cap} positive with {@code base ≤ cap}, {@code maxAttempts}
   * at least 1.
   */
  public static Backoff of(Duration base, Duration cap, int maxAttempts) {
    requireNonNull(base, "base");
    requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap, got base " + base + ", cap " + cap);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    return new Backoff(base, cap, maxAttempts);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@code min(cap, base · 2^(failures−1))} for {@code failures ≥ 1}. */
  public Duration ceiling(int failures) {
    if (failures < 1) {
      return Duration.ZERO;
    }
    int shift = Math.min(failures - 1, 40);
    long nanos = base.toNanos();
    long grown = nanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : nanos << shift;
    return Duration.ofNanos(Math.min(grown, cap.toNanos()));
  }

  /** The wait after the {@code failures}-th consecutive failure: jittered, ≥ retryAfter. */
  public Duration delay(int failures, @Nullable Duration retryAfter, RandomGenerator random) {
    long ceiling = ceiling(failures).toNanos();
    Duration jittered = Duration.ofNanos(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
    return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
  }

  @Override
  public String toString() {
    return "Backoff[base=" + base + ", cap=" + cap + ", maxAttempts=" + maxAttempts + "]";
  }
}
