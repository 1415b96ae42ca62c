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

  public LedgerFront(long maxEntries, Duration ttl) {
    this.entries = Caffeine.newBuilder()
        .maximumSize(maxEntries)
        .expireAfterWrite(ttl)
        .executor(Runnable::run)
        .recordStats()
        .build();
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
