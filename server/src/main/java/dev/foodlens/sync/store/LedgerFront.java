package dev.foodlens.sync.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.foodlens.sync.ledger.LedgerEntry;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Recently completed ledger entries in memory, so a replay of a hot key needs no Postgres round
 * trip. Only committed entries go in, and they never change, so a hit is always right; a miss
 * falls through to the database. Thread-safe.
 */
public final class LedgerFront {
  private record Key(String userId, UUID key) {}

  private final Cache<Key, LedgerEntry> entries;

  /** Bounded by the bytes its entries hold ({@link #weight}), not by their number. */
  public LedgerFront(long maxBytes, Duration ttl) {
    this.entries = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher(LedgerFront::weight)
        .expireAfterWrite(ttl)
        .executor(Runnable::run)
        .recordStats()
        .build();
  }

  /**
   * An entry's heap bytes, roughly: the stored response (a push's can be hundreds of KB), the
   * fingerprint, the user id and a fixed share for the objects around them.
   */
  private static int weight(Key key, LedgerEntry entry) {
    long bytes = 200L + 2L * key.userId().length() + entry.body().length
        + entry.fingerprint().bytes().length;
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  public Optional<LedgerEntry> find(String userId, UUID key) {
    return Optional.ofNullable(entries.getIfPresent(new Key(userId, key)));
  }

  public void remember(String userId, UUID key, LedgerEntry entry) {
    entries.put(new Key(userId, key), entry);
  }

  /** Caffeine's view of the entries, for its hit/miss statistics (bound as metrics). */
  public Cache<?, ?> caffeine() {
    return entries;
  }
}
