package dev.foodlens.sync.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * {@code /healthz} (the process runs) and {@code /readyz} (Postgres answers and the schema is
 * migrated, as of at most {@link Readiness#MAX_AGE} ago), contract §7. Neither needs a token:
 * load balancers call them.
 */
final class HealthRoutes {
  private static final String MIGRATED =
      "SELECT count(*) FROM flyway_schema_history WHERE success";

  private HealthRoutes() {}

  static void liveness(Router router) {
    router.get(Edge.LIVENESS).handler(ctx -> Responses.send(ctx, 200,
        new JsonObject().put("status", "up").toBuffer()));
  }

  /** Not ready while {@code drain} says the instance is stopping, whatever Postgres says. */
  static void readiness(Router router, Pool pool, Drain drain) {
    Readiness readiness = new Readiness(() -> pool.query(MIGRATED).execute()
        .map(rows -> rows.iterator().next().getLong(0) > 0), System::nanoTime,
        Readiness.MAX_AGE);
    router.get("/readyz").handler(ctx -> {
      if (drain.draining()) {
        answer(ctx, "draining");
        return;
      }
      readiness.current().onComplete(ready -> answer(ctx, ready.result() ? "ready"
          : "unavailable"));
    });
  }

  private static void answer(RoutingContext ctx, String status) {
    boolean ready = status.equals("ready");
    if (!ready) {
      ctx.response().putHeader("Retry-After", "1");
    }
    Responses.send(ctx, ready ? 200 : 503, new JsonObject().put("status", status).toBuffer());
  }
}
