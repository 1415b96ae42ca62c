package dev.foodlens.sync.crdt;

/**
 * The physical time a hybrid logical clock reads, in microseconds since the epoch.
 *
 * <p>Injected the way Caffeine injects its {@code Ticker}: {@link #system()} in production, a
 * fixed or skewed clock in tests. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface HybridClock {
  long nowMicros();

  /** The wall clock, in microseconds. */
  static HybridClock system() {
    return () -> {
      java.time.Instant now = java.time.Instant.now();
      return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L),
          now.getNano() / 1_000L);
    };
  }

  /** A clock shifted by {@code offsetMicros}, to model an instance whose clock lags or leads. */
  default HybridClock offsetBy(long offsetMicros) {
    return () -> nowMicros() + offsetMicros;
  }
}
