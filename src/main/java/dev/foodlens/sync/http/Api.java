package dev.foodlens.sync.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.TimeoutHandler;

/** The gateway's router: edge handlers first, then every resource, then the problem mapping. */
public final class Api {
  private Api() {}

  public static Router router(Vertx vertx, Deps deps) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.addEndHandler(v -> AccessLog.log(ctx));
      RequestIds.handle(ctx);
    });
    router.route().handler(TimeoutHandler.create(deps.requestTimeout().toMillis(), 503));
    HealthRoutes.mount(router, deps.pool());
    FieldRoutes.mount(router, deps, deps.profile());
    FieldRoutes.mount(router, deps, deps.settings());
    AllowedMethods allowed = new AllowedMethods(router);
    router.route().failureHandler(Problems::handle);
    router.errorHandler(404, Problems::handle);
    router.errorHandler(405, ctx -> {
      ctx.response().putHeader("Allow", allowed.allow(ctx.normalizedPath()));
      Problems.handle(ctx);
    });
    router.errorHandler(500, Problems::handle);
    return router;
  }
}
