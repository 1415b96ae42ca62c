package dev.foodlens.sync.store;

import static java.util.Objects.requireNonNull;

/**
 * The answer a write gives, as the ledger stores it, plus what to publish once the transaction
 * has committed (a cache update); {@code afterCommit} never runs for a rolled-back write.
 */
public record StoredAnswer(int status, byte[] body, Runnable afterCommit) {
  public StoredAnswer {
    requireNonNull(body, "body");
    requireNonNull(afterCommit, "afterCommit");
  }

  public static StoredAnswer of(int status, byte[] body) {
    return new StoredAnswer(status, body, () -> {});
  }
}
