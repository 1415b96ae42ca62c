package dev.foodlens.sync.crdt;

/**
 * The per-user hybrid logical clock rule: {@code next = max(now, last + 1)}.
 *
 * <p>Applied with the user's row locked, it makes a user's stamps strictly increase across every
 * gateway instance however far their wall clocks disagree: a lagging instance continues from the
 * last stamp instead of going back in time.
 */
public final class Hlc {
  private Hlc() {}

  /** The next stamp after {@code last}, given the physical time {@code nowMicros}. */
  public static long next(long last, long nowMicros) {
    return Math.max(nowMicros, Math.addExact(last, 1));
  }
}
