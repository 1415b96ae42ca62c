package dev.foodlens.sync.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

/** {@code GET /admin/migration-status}: the live migration status report (admin only). */
final class ReportRoutes {
  private ReportRoutes() {}

  static void mount(Router router, Deps deps) {
    router.get("/admin/migration-status").handler(deps.authn()::handle)
        .handler(Authn::requireAdmin)
        .handler(ctx -> deps.scope().maintenance(deps.report()::migrationStatus)
            .onSuccess(json -> Responses.send(ctx, 200, Buffer.buffer(json)))
            .onFailure(ctx::fail));
  }
}
