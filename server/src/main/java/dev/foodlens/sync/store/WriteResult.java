package dev.foodlens.sync.store;

/**
 * How an idempotent write ended, for the response and the access log's ledger outcome
 * ({@code new | replayed | reused}).
 */
public sealed interface WriteResult {
  /** The write ran now; its outcome committed with its ledger entry. */
  record Executed(int status, byte[] body) implements WriteResult {}

  /** The same request ran before; this is its stored answer. */
  record Replayed(int status, byte[] body) implements WriteResult {}

  /** The key was used before for a different request; nothing ran. */
  record Reused() implements WriteResult {}

  default String ledgerOutcome() {
    if (this instanceof Executed) {
      return "new";
    }
    return this instanceof Replayed ? "replayed" : "reused";
  }
}
