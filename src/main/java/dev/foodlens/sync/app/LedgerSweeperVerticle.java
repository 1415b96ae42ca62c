package dev.foodlens.sync.app;

import dev.foodlens.sync.store.PgLedgerStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges ledger entries past their retention every {@code interval}, in bounded batches until a
 * batch comes back short, so one purge never holds a long transaction.
 */
final class LedgerSweeperVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerSweeperVerticle.class);

  private final Pool pool;
  private final PgLedgerStore ledger;
  private final Duration interval;
  private final int batch;

  LedgerSweeperVerticle(Pool pool, PgLedgerStore ledger, Duration interval, int batch) {
    this.pool = pool;
    this.ledger = ledger;
    this.interval = interval;
    this.batch = batch;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(interval.toMillis(), id -> sweep(0));
    return Future.succeededFuture();
  }

  private void sweep(int purgedSoFar) {
    ledger.purgeExpired(pool, batch).onComplete(result -> {
      if (result.failed()) {
        LOG.warn("ledger purge failed; the next run retries: {}", result.cause().toString());
      } else if (result.result() == batch) {
        sweep(purgedSoFar + batch);
      } else if (purgedSoFar + result.result() > 0) {
        LOG.atInfo().addKeyValue("purged", purgedSoFar + result.result())
            .log("expired ledger entries purged");
      }
    });
  }
}
