package dev.foodlens.sync.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /admin/users/{userId}/sync-state} (issue 6): what support staff need when a user
 * says "my allergy vanished". Admin tokens only; every call is logged with who looked at whom.
 */
final class InspectRoutes {
  private static final Logger AUDIT = LoggerFactory.getLogger("foodlens.audit");

  private InspectRoutes() {}

  static void mount(Router router, Deps deps) {
    router.get("/admin/users/:userId/sync-state").handler(deps.authn()::handle)
        .handler(Authn::requireAdmin).handler(ctx -> inspect(ctx, deps));
  }

  private static void inspect(RoutingContext ctx, Deps deps) {
    String target = ctx.pathParam("userId");
    if (!Authn.isUserId(target)) {
      // No token can carry such a sub, so no such user can exist.
      ctx.fail(new ProblemException(ProblemType.NOT_FOUND, "no user can have this id"));
      return;
    }
    AUDIT.atInfo()
        .addKeyValue("http.request.id", RequestIds.requestId(ctx))
        .addKeyValue("admin", Authn.userId(ctx))
        .addKeyValue("inspected_user_id", target)
        .log("sync state inspected");
    // Support reads one user's rows: as that user, never across users.
    deps.scope().read(target, c -> deps.inspector().syncState(c, target))
        .onSuccess(state -> state.ifPresentOrElse(
            json -> Responses.send(ctx, 200, Buffer.buffer(json)),
            () -> ctx.fail(new ProblemException(ProblemType.NOT_FOUND,
                "no sync state for this user: they never wrote anything"))))
        .onFailure(ctx::fail);
  }
}
