package dev.foodlens.sync.app;

import dev.foodlens.sync.ops.LiveToggles;
import dev.foodlens.sync.store.PgToggleStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's {@link LiveToggles} in step with Postgres: one read before the HTTP
 * verticles deploy, then one every {@code interval}, so a change made through another instance
 * arrives here within two intervals at most (contract §7: 2 s, with the 1 s interval).
 */
final class TogglesRefreshVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TogglesRefreshVerticle.class);

  private final Pool pool;
  private final PgToggleStore store;
  private final LiveToggles live;
  private final Duration interval;

  TogglesRefreshVerticle(Pool pool, PgToggleStore store, LiveToggles live, Duration interval) {
    this.pool = pool;
    this.store = store;
    this.live = live;
    this.interval = interval;
  }

  /**
   * Waits for the first read, but starts even when it fails: with Postgres down every write
   * answers 503 anyway, and the defaults until the next read are the safe side (gate on).
   */
  @Override
  public Future<?> start() {
    return refresh().onComplete(first ->
        vertx.setPeriodic(interval.toMillis(), id -> refresh()));
  }

  private Future<Void> refresh() {
    return store.load(pool).transform(result -> {
      if (result.succeeded()) {
        live.offer(result.result());
      } else {
        LOG.warn("toggles refresh failed; keeping the last known values: {}",
            result.cause().toString());
      }
      return Future.succeededFuture();
    });
  }
}
