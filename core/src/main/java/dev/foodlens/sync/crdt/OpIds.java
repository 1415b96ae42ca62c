package dev.foodlens.sync.crdt;

import java.util.Comparator;
import java.util.UUID;

/**
 * The one order of operation ids: unsigned 128-bit, most significant half first.
 *
 * <p>{@link UUID#compareTo} compares the two halves as signed longs and so disagrees with
 * Postgres' {@code uuid} ordering (bytewise unsigned) for ids whose high bit is set. Every
 * tie-break between ops goes through {@link #ORDER} so that Java and SQL agree.
 */
public final class OpIds {
  /** Unsigned order, equal to Postgres' {@code ORDER BY op_id} on the {@code uuid} type. */
  public static final Comparator<UUID> ORDER = OpIds::compare;

  private OpIds() {}

  public static int compare(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
