package dev.foodlens.sync.store;

import static java.util.Objects.requireNonNull;

/**
 * The answer a write gives, as the ledger stores it, plus what to publish once the transaction
 * has committed (a cache update); {@code afterCommit} never runs for a rolled-back write.
 */
public record Outcome(int status, byte[] body, Runnable afterCommit) {
  public Outcome {
    requireNonNull(body, "body");
    requireNonNull(afterCommit, "afterCommit");
  }

  public static Outcome of(int status, byte[] body) {
    return new Outcome(status, body, () -> {});
  }
}
