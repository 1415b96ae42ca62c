package dev.foodlens.sync.app;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a purge every {@code interval} in bounded batches, batch after batch until one comes back
 * short, so no purge holds a long transaction while writes go on. Used for the ledger's expired
 * keys and the change feed's retention.
 */
final class SweeperVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SweeperVerticle.class);

  private final String name;
  private final Duration interval;
  private final int batch;
  private final IntFunction<Future<Integer>> purge;

  /** {@code purge} deletes at most its argument's count of rows and answers how many it did. */
  SweeperVerticle(String name, Duration interval, int batch, IntFunction<Future<Integer>> purge) {
    this.name = name;
    this.interval = interval;
    this.batch = batch;
    this.purge = purge;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(interval.toMillis(), id -> sweep(0));
    return Future.succeededFuture();
  }

  private void sweep(int purgedSoFar) {
    purge.apply(batch).onComplete(result -> {
      if (result.failed()) {
        LOG.warn("{} failed; the next run retries: {}", name, result.cause().toString());
      } else if (result.result() == batch) {
        sweep(purgedSoFar + batch);
      } else if (purgedSoFar + result.result() > 0) {
        LOG.atInfo().addKeyValue("purged", purgedSoFar + result.result()).log(name);
      }
    });
  }
}
