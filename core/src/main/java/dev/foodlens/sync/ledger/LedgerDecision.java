package dev.foodlens.sync.ledger;

import java.util.Optional;

/**
 * What to do with a request whose (user, key) may have been seen before (contract §3).
 *
 * <p>{@link #decide} is total and pure: {@link Fresh} when the key is unknown, {@link Replay}
 * when the same request completed before, {@link Reused} when the key came with another request.
 */
public sealed interface LedgerDecision {
  /** The key is new: execute the request and record its outcome with the effect. */
  record Fresh() implements LedgerDecision {}

  /** The same request completed before: answer its stored outcome, apply nothing. */
  record Replay(LedgerEntry entry) implements LedgerDecision {}

  /** The key was used for a different request: refuse, apply nothing. */
  record Reused() implements LedgerDecision {}

  static LedgerDecision decide(Optional<LedgerEntry> existing, Fingerprint request) {
    if (existing.isEmpty()) {
      return new Fresh();
    }
    LedgerEntry entry = existing.get();
    return entry.fingerprint().equals(request) ? new Replay(entry) : new Reused();
  }
}
