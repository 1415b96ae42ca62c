package dev.foodlens.sync.store;

import io.vertx.core.Future;

/**
 * Fault points inside a write transaction. Production uses {@link #NONE}; tests inject a hook
 * that fails between the ledger claim and the commit to prove the two stand or fall together.
 */
@FunctionalInterface
public interface WriteHooks {
  WriteHooks NONE = userId -> Future.succeededFuture();

  /**
   * Runs after the key is claimed and before the write's outcome is recorded (a profile or
   * settings patch has already sent its effect, pipelined with the claim); a failed future rolls
   * the claim and the effect back.
   */
  Future<Void> afterClaim(String userId);

  /**
   * Runs after a push has sent every row and ledger outcome, just before the commit; a failed
   * future rolls all of it back.
   */
  default Future<Void> beforeCommit(String userId) {
    return Future.succeededFuture();
  }
}
