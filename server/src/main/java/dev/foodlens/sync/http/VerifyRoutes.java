package dev.foodlens.sync.http;

import dev.foodlens.sync.model.FieldError;
import dev.foodlens.sync.store.PgVerifier;
import dev.foodlens.sync.store.PgVerifier.Violation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consistency checker through the API (issue 16), for staging teams after a chaos run and
 * operators after a restore who have a token but no shell next to the database: the checks of
 * {@code verify [--user ID]}, answered as JSON. Admin tokens only; every call is audited, as it
 * reads users' rows.
 *
 * <p>{@code GET /admin/users/{userId}/verify} checks one user. {@code GET /admin/verify} walks
 * the users in key order, at most {@link #MAX_PAGE} per call, and names where the next call
 * starts: one call never scans the whole database, and each user is checked in a transaction of
 * that user (as a request of theirs would read), one after the other, so a page holds one
 * connection at a time. Replays of long allergy logs go to a worker thread.
 */
final class VerifyRoutes {
  static final int MAX_PAGE = 100;
  private static final Logger AUDIT = LoggerFactory.getLogger("foodlens.audit");

  private VerifyRoutes() {}

  static void mount(Router router, Deps deps) {
    PgVerifier verifier = new PgVerifier(deps.worker());
    router.get("/admin/users/:userId/verify").handler(deps.authn()::handle)
        .handler(Authn::requireAdmin).handler(ctx -> oneUser(ctx, deps, verifier));
    router.get("/admin/verify").handler(deps.authn()::handle)
        .handler(Authn::requireAdmin).handler(ctx -> page(ctx, deps, verifier));
  }

  private static void oneUser(RoutingContext ctx, Deps deps, PgVerifier verifier) {
    String target = ctx.pathParam("userId");
    if (!Authn.isUserId(target)) {
      ctx.fail(new ProblemException(ProblemType.NOT_FOUND, "no user can have this id"));
      return;
    }
    audit(ctx, target);
    check(deps, verifier, target)
        .onSuccess(found -> Responses.send(ctx, 200, new JsonObject().put("userId", target)
            .put("violations", json(found)).toBuffer()))
        .onFailure(ctx::fail);
  }

  private static void page(RoutingContext ctx, Deps deps, PgVerifier verifier) {
    List<FieldError> errors = new ArrayList<>();
    Integer limit = QueryParams.intInRange(ctx, "limit", MAX_PAGE, 1, MAX_PAGE);
    if (limit == null) {
      errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_PAGE));
    }
    @Nullable String after = ctx.request().getParam("after");
    if (after != null && !Authn.isUserId(after)) {
      errors.add(new FieldError("after",
          "must be a user id: the next member of a previous answer"));
    }
    if (limit == null || !errors.isEmpty()) {
      ctx.fail(new ProblemException(ProblemType.VALIDATION_FAILED,
          "the query parameters break the schema", errors));
      return;
    }
    audit(ctx, after == null ? "*" : ">" + after);
    int size = limit;
    // one more than the page, to know whether another page follows
    deps.scope().maintenance(c -> verifier.userPage(c, after, size + 1)).compose(ids -> {
      List<String> users = ids.subList(0, Math.min(size, ids.size()));
      List<Violation> found = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (String user : users) {
        chain = chain.compose(v -> check(deps, verifier, user).map(seen -> {
          found.addAll(seen);
          return null;
        }));
      }
      return chain.map(v -> new JsonObject().put("checkedUsers", users.size())
          .put("violations", json(found))
          .put("next", ids.size() > size ? users.get(users.size() - 1) : null));
    }).onSuccess(body -> Responses.send(ctx, 200, body.toBuffer())).onFailure(ctx::fail);
  }

  private static Future<List<Violation>> check(Deps deps, PgVerifier verifier, String userId) {
    return deps.scope().read(userId,
        c -> verifier.verify(c, userId, deps.requestTimeout()));
  }

  private static void audit(RoutingContext ctx, String target) {
    AUDIT.atInfo()
        .addKeyValue("request_id", RequestIds.requestId(ctx))
        .addKeyValue("admin", Authn.userId(ctx))
        .addKeyValue("verified_users", target)
        .log("sync invariants verified");
  }

  private static JsonArray json(List<Violation> found) {
    JsonArray list = new JsonArray();
    found.forEach(v -> list.add(new JsonObject().put("userId", v.userId())
        .put("invariant", v.invariant()).put("detail", v.detail())));
    return list;
  }
}
