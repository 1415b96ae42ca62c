package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.UUID;

/**
 * The total order of writes: server-receive hybrid-clock time, then device id, then op id
 * (unsigned). Two different ops never compare equal because op ids are unique.
 *
 * @param ts microseconds from the per-user {@link Hlc}
 * @param deviceId the writer's device id; empty when the request named none
 * @param opId the write's idempotency key or push op id
 */
public record Stamp(long ts, String deviceId, UUID opId) implements Comparable<Stamp> {
  private static final Comparator<Stamp> ORDER = Comparator.comparingLong(Stamp::ts)
      .thenComparing(Stamp::deviceId)
      .thenComparing(Stamp::opId, OpIds.ORDER);

  public Stamp {
    requireNonNull(deviceId, "deviceId");
    requireNonNull(opId, "opId");
  }

  @Override
  public int compareTo(Stamp other) {
    return ORDER.compare(this, other);
  }

  public boolean isAfter(Stamp other) {
    return compareTo(other) > 0;
  }
}
