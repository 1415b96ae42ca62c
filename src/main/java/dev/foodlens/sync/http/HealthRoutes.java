package dev.foodlens.sync.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * {@code /healthz} (the process runs) and {@code /readyz} (Postgres answers and the schema is
 * migrated), contract §7. Neither needs a token: load balancers call them.
 */
final class HealthRoutes {
  private static final String MIGRATED =
      "SELECT count(*) FROM flyway_schema_history WHERE success";

  private HealthRoutes() {}

  static void mount(Router router, Pool pool) {
    router.get("/healthz").handler(ctx -> Responses.send(ctx, 200,
        new JsonObject().put("status", "up").toBuffer()));
    router.get("/readyz").handler(ctx -> ready(ctx, pool));
  }

  private static void ready(RoutingContext ctx, Pool pool) {
    pool.query(MIGRATED).execute().onComplete(result -> {
      boolean ready = result.succeeded()
          && result.result().iterator().next().getLong(0) > 0;
      if (!ready) {
        ctx.response().putHeader("Retry-After", "1");
      }
      Responses.send(ctx, ready ? 200 : 503,
          new JsonObject().put("status", ready ? "ready" : "unavailable").toBuffer());
    });
  }
}
