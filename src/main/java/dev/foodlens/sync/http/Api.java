package dev.foodlens.sync.http;

import dev.foodlens.sync.ops.LiveToggles;
import dev.foodlens.sync.ops.Toggles;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.util.Set;

/**
 * The gateway's routers. The API: edge handlers first, then every resource, then the problem
 * mapping. The management listener (contract §7): {@code /metrics} and the probes, for the
 * operators' network only.
 */
public final class Api {
  private static final Set<HttpMethod> WRITES =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private Api() {}

  public static Router router(Vertx vertx, Deps deps) {
    Router router = edge(vertx, deps);
    // A busy instance is alive: liveness before load shedding. It is not ready, and nothing
    // else on this port is answered beyond the in-flight bound.
    HealthRoutes.liveness(router);
    router.route().handler(deps.authn().admission()::shedWhenFull);
    HealthRoutes.readiness(router, deps.pool());
    router.route().handler(TimeoutHandler.create(deps.requestTimeout().toMillis(), 503));
    router.route("/me/*").handler(ctx -> refuseWritesWhilePaused(ctx, deps.toggles()));
    FieldRoutes.mount(router, deps, deps.profile());
    FieldRoutes.mount(router, deps, deps.settings());
    AllergyRoutes.mount(router, deps);
    HistoryRoutes.mount(router, deps);
    TogglesRoutes.mount(router, deps);
    SyncRoutes.mount(router, deps);
    InspectRoutes.mount(router, deps);
    ReportRoutes.mount(router, deps);
    PushRoutes.mount(router, deps);
    MigrateRoutes.mount(router, deps);
    problems(router);
    return router;
  }

  /** {@code /metrics} and the probes, without load shedding: operators look when it is full. */
  public static Router management(Vertx vertx, Deps deps) {
    Router router = edge(vertx, deps);
    HealthRoutes.liveness(router);
    HealthRoutes.readiness(router, deps.pool());
    MetricsRoutes.mount(router, deps.metrics());
    problems(router);
    return router;
  }

  private static Router edge(Vertx vertx, Deps deps) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.addEndHandler(v -> AccessLog.log(ctx, deps.metrics()));
      RequestIds.handle(ctx);
    });
    return router;
  }

  private static void problems(Router router) {
    AllowedMethods allowed = new AllowedMethods(router);
    router.route().failureHandler(Problems::handle);
    router.errorHandler(404, Problems::handle);
    router.errorHandler(405, ctx -> {
      ctx.response().putHeader("Allow", allowed.allow(ctx.normalizedPath()));
      Problems.handle(ctx);
    });
    router.errorHandler(500, Problems::handle);
  }

  /**
   * Contract §7: while paused, every write under {@code /me/} answers 503 before it reaches the
   * ledger, so nothing is stored and the same key applies normally later. {@code /admin/toggles}
   * is outside {@code /me/}, so an operator can always un-pause. A pause of one entity refuses
   * the writes of its resource, and a migration (which touches all); a push is checked per op
   * by its route, which sees the ops' entities.
   */
  private static void refuseWritesWhilePaused(RoutingContext ctx, LiveToggles toggles) {
    Toggles current = toggles.current();
    String path = ctx.normalizedPath();
    boolean paused = path.startsWith("/me/migrate") ? current.anyWritesPaused()
        : current.writesPaused() || Toggles.ENTITIES.stream().anyMatch(entity ->
            current.pausedEntities().contains(entity) && path.startsWith("/me/" + entity));
    if (WRITES.contains(ctx.request().method()) && paused) {
      ctx.fail(pausedProblem());
      return;
    }
    ctx.next();
  }

  static ProblemException pausedProblem() {
    return new ProblemException(ProblemType.WRITES_PAUSED,
        "writes are paused by an operator; retry later");
  }
}
