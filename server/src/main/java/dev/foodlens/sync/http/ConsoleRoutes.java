package dev.foodlens.sync.http;

import dev.foodlens.sync.model.FieldError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console (issue 18). {@code GET /admin/console} and its files are static and need
 * no token: the page asks for one and sends it with each call to the admin routes, which check
 * it. The console's own reads ({@code /admin/rollout}, a user's timeline, the toggle audit) are
 * admin-only like every {@code /admin/} route.
 */
final class ConsoleRoutes {
  private static final Logger AUDIT = LoggerFactory.getLogger("foodlens.audit");
  /**
   * Only the jar's own script and style run; nothing is framed, posted or fetched elsewhere. An
   * injected script tag could not run, and could not send a pasted token anywhere but here.
   */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'none'";
  static final int TIMELINE_DEFAULT = 200;
  static final int TIMELINE_MAX = 1000;
  static final int CHANGES_DEFAULT = 50;
  static final int CHANGES_MAX = 500;

  private ConsoleRoutes() {}

  static void mount(Router router, Deps deps) {
    Console console = deps.console();
    router.get("/admin/console").handler(ctx -> asset(ctx, console, "index.html"));
    router.get("/admin/console/:asset")
        .handler(ctx -> asset(ctx, console, ctx.pathParam("asset")));
    router.get("/admin/rollout").handler(deps.authn()::handle).handler(Authn::requireAdmin)
        .handler(ctx -> deps.scope().maintenance(console.queries()::rollout)
            .onSuccess(json -> Responses.send(ctx, 200, Buffer.buffer(json)))
            .onFailure(ctx::fail));
    router.get("/admin/toggles/changes").handler(deps.authn()::handle)
        .handler(Authn::requireAdmin).handler(ctx -> changes(ctx, deps));
    router.get("/admin/users/:userId/timeline").handler(deps.authn()::handle)
        .handler(Authn::requireAdmin).handler(ctx -> timeline(ctx, deps));
  }

  private static void asset(RoutingContext ctx, Console console, String name) {
    console.asset(name).ifPresentOrElse(asset -> {
      HttpServerResponse response = ctx.response();
      response.putHeader("Content-Security-Policy", CSP)
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer")
          .putHeader("Cache-Control", "no-cache")
          .putHeader("Content-Type", asset.type())
          .end(asset.bytes().slice());
    }, () -> ctx.fail(new ProblemException(ProblemType.NOT_FOUND, "no such console file")));
  }

  private static void changes(RoutingContext ctx, Deps deps) {
    Integer limit = QueryParams.intInRange(ctx, "limit", CHANGES_DEFAULT, 1, CHANGES_MAX);
    Long before = revision(ctx.request().getParam("before"));
    if (limit == null || before == null) {
      ctx.fail(new ProblemException(ProblemType.VALIDATION_FAILED,
          "limit and before must be whole numbers in range", List.of(
              new FieldError(limit == null ? "limit" : "before",
                  limit == null ? "must be an integer from 1 to " + CHANGES_MAX
                      : "must be a positive revision"))));
      return;
    }
    deps.scope().maintenance(c -> deps.console().queries().toggleChanges(c, limit, before))
        .onSuccess(json -> Responses.send(ctx, 200,
            Buffer.buffer("{\"changes\":" + json + "}")))
        .onFailure(ctx::fail);
  }

  /** {@code before}: absent means from the newest change on. */
  private static @Nullable Long revision(@Nullable String text) {
    if (text == null) {
      return Long.MAX_VALUE;
    }
    try {
      long value = Long.parseLong(text.trim());
      return value > 0 ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void timeline(RoutingContext ctx, Deps deps) {
    String target = ctx.pathParam("userId");
    if (!Authn.isUserId(target)) {
      ctx.fail(new ProblemException(ProblemType.NOT_FOUND, "no user can have this id"));
      return;
    }
    Integer limit = QueryParams.intInRange(ctx, "limit", TIMELINE_DEFAULT, 1, TIMELINE_MAX);
    if (limit == null) {
      ctx.fail(new ProblemException(ProblemType.VALIDATION_FAILED, "limit is out of range",
          List.of(new FieldError("limit",
              "must be an integer from 1 to " + TIMELINE_MAX))));
      return;
    }
    AUDIT.atInfo()
        .addKeyValue("request_id", RequestIds.requestId(ctx))
        .addKeyValue("admin", Authn.userId(ctx))
        .addKeyValue("inspected_user_id", target)
        .log("timeline inspected");
    deps.scope().read(target, c -> deps.console().queries().timeline(c, target, limit))
        .onSuccess(state -> state.ifPresentOrElse(
            json -> Responses.send(ctx, 200, Buffer.buffer(json)),
            () -> ctx.fail(new ProblemException(ProblemType.NOT_FOUND,
                "no timeline for this user: they never wrote anything"))))
        .onFailure(ctx::fail);
  }
}
