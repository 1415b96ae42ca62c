package dev.foodlens.sync.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * The gateway's routers. The API: edge handlers first, then every resource, then the problem
 * mapping. The management listener (contract §7): {@code /metrics} and the probes, for the
 * operators' network only.
 */
public final class Routers {
  private Routers() {}

  /** Call on the event loop that serves it: its edge sweeps deadlines there. */
  public static Router router(Vertx vertx, Deps deps) {
    Router router = Router.router(vertx);
    Edge edge = Edge.api(vertx, deps.metrics(), deps.authn().admission(), deps.toggles(),
        deps.requestTimeout());
    router.route().handler(edge);
    HealthRoutes.liveness(router);
    HealthRoutes.readiness(router, deps.pool(), deps.drain());
    FieldRoutes.mount(router, deps, deps.profile());
    FieldRoutes.mount(router, deps, deps.settings());
    AllergyRoutes.mount(router, deps);
    HistoryRoutes.mount(router, deps);
    TogglesRoutes.mount(router, deps);
    SyncRoutes.mount(router, deps);
    InspectRoutes.mount(router, deps);
    ReportRoutes.mount(router, deps);
    VerifyRoutes.mount(router, deps);
    PushRoutes.mount(router, deps);
    MigrateRoutes.mount(router, deps);
    ConsoleRoutes.mount(router, deps);
    edge.routes(problems(router));
    return router;
  }

  /** {@code /metrics} and the probes, without load shedding: operators look when it is full. */
  public static Router management(Vertx vertx, Deps deps) {
    Router router = Router.router(vertx);
    router.route().handler(Edge.management(deps.metrics()));
    HealthRoutes.liveness(router);
    HealthRoutes.readiness(router, deps.pool(), deps.drain());
    MetricsRoutes.mount(router, deps.metrics());
    problems(router);
    return router;
  }

  private static AllowedMethods problems(Router router) {
    AllowedMethods allowed = new AllowedMethods(router);
    router.route().failureHandler(Problems::handle);
    router.errorHandler(404, Problems::handle);
    router.errorHandler(405, ctx -> {
      ctx.response().putHeader("Allow", allowed.allow(ctx.normalizedPath()));
      Problems.handle(ctx);
    });
    router.errorHandler(500, Problems::handle);
    return allowed;
  }

  static ProblemException pausedProblem() {
    return new ProblemException(ProblemType.WRITES_PAUSED,
        "writes are paused by an operator; retry later");
  }
}
