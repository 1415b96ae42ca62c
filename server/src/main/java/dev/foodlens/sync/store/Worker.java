package dev.foodlens.sync.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Runs a request's in-memory work (a merge, a replay, a parse) where it cannot stall an event
 * loop: inline when it is small, on a Vert.x worker thread when it is not. A 500-op push or a
 * 1,000-record migrate call costs milliseconds to seconds of CPU, and everything else on that
 * event loop would wait for it.
 *
 * <p>The work must not touch a connection or anything else bound to the event loop; what it
 * reads and writes in memory is handed over through the returned future, which completes on
 * the caller's context. Thread-safe.
 */
public final class Worker {
  /** Everything inline: for code that runs without Vert.x. */
  public static final Worker INLINE = new Worker(null, Integer.MAX_VALUE);

  private final @Nullable Vertx vertx;
  private final int inlineUpTo;

  /** {@code inlineUpTo}: the most units (ops, records, rows) done on the event loop itself. */
  public Worker(@Nullable Vertx vertx, int inlineUpTo) {
    this.vertx = vertx;
    this.inlineUpTo = inlineUpTo;
  }

  /** Runs {@code work} of {@code units} units: inline up to the bound, else on a worker. */
  public <T> Future<T> run(int units, Callable<T> work) {
    Vertx workers = vertx;
    if (units <= inlineUpTo || workers == null) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return workers.executeBlocking(work, false);
  }

  /** Runs {@code work} on a worker whatever its size (large bodies to parse). */
  public <T> Future<T> offload(Callable<T> work) {
    return run(Integer.MAX_VALUE, work);
  }
}
