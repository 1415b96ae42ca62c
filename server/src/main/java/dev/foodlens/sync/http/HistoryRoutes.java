package dev.foodlens.sync.http;

import dev.foodlens.sync.cache.ResourceCache;
import dev.foodlens.sync.model.FieldError;
import dev.foodlens.sync.model.HistoryCursor;
import dev.foodlens.sync.model.HistoryDecision;
import dev.foodlens.sync.model.HistoryInput;
import dev.foodlens.sync.model.HistoryQuery;
import dev.foodlens.sync.model.Uuids;
import dev.foodlens.sync.store.HistoryJson;
import dev.foodlens.sync.store.PgHistoryStore;
import dev.foodlens.sync.store.StoredAnswer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code /me/history} (contract §4): scan entries named by client-made ids, note and verdict as
 * last-writer-wins registers, tombstones on delete, and keyset pages newest first. Every write
 * goes through the ledger; a body that breaks the schema is answered, and stored, as a 422.
 */
final class HistoryRoutes {
  private static final String PATH = "/me/history";

  /** A validated write, run in the ledger's transaction. */
  @FunctionalInterface
  private interface Effect {
    Future<HistoryDecision> apply(SqlConnection tx, String userId, PgHistoryStore.Writer writer);
  }

  private final Deps deps;

  private HistoryRoutes(Deps deps) {
    this.deps = deps;
  }

  static void mount(Router router, Deps deps) {
    HistoryRoutes routes = new HistoryRoutes(deps);
    Handler<RoutingContext> bodies = Bodies.reader(deps.bodyLimit());
    router.get(PATH).handler(deps.authn()::handle).handler(routes::list);
    router.post(PATH).handler(Bodies::hold).handler(deps.authn()::handle).handler(bodies)
        .handler(routes::create);
    router.patch(PATH + "/:id").handler(Bodies::hold).handler(deps.authn()::handle)
        .handler(bodies).handler(routes::patch);
    router.delete(PATH + "/:id").handler(Bodies::hold).handler(deps.authn()::handle)
        .handler(bodies).handler(routes::delete);
  }

  private void list(RoutingContext ctx) {
    String userId = Authn.userId(ctx);
    HistoryQuery query = query(ctx);
    deps.scope().read(userId, c -> deps.history().page(c, userId, query))
        .onSuccess(page -> ETags.send(ctx, render(page)))
        .onFailure(ctx::fail);
  }

  /** Both parameters are checked before either is refused, so the 422 lists every bad one. */
  private static HistoryQuery query(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    Integer limit = QueryParams.intInRange(ctx, "limit", HistoryQuery.DEFAULT_LIMIT, 1,
        HistoryQuery.MAX_LIMIT);
    if (limit == null) {
      errors.add(new FieldError("limit", "must be an integer from 1 to " + HistoryQuery.MAX_LIMIT));
    }
    String cursor = ctx.request().getParam("cursor");
    Optional<HistoryCursor> after = cursor == null ? Optional.empty()
        : HistoryCursor.decode(cursor);
    if (cursor != null && after.isEmpty()) {
      errors.add(new FieldError("cursor", "is not a cursor this server issued; "
          + "start again without one"));
    }
    if (limit == null || !errors.isEmpty()) {
      throw new ProblemException(ProblemType.VALIDATION_FAILED,
          "the query parameters break the schema", errors);
    }
    return new HistoryQuery(limit, after);
  }

  private void create(RoutingContext ctx) {
    UUID key = Bodies.idempotencyKey(ctx);
    Map<String, @Nullable Object> body = Bodies.object(ctx);
    List<FieldError> errors = new ArrayList<>();
    Optional<Effect> effect = HistoryInput.create(body, errors)
        .map(create -> (tx, userId, writer) -> deps.history().create(tx, userId, create, writer));
    Writes.execute(ctx, deps, key, body, decided(ctx, key, effect, errors));
  }

  private void patch(RoutingContext ctx) {
    UUID key = Bodies.idempotencyKey(ctx);
    Map<String, @Nullable Object> body = Bodies.object(ctx);
    List<FieldError> errors = new ArrayList<>();
    Optional<UUID> id = Uuids.parse(ctx.pathParam("id"));
    Optional<Effect> effect = HistoryInput.patch(body, errors).map(patch -> (tx, userId, writer) ->
        deps.history().patch(tx, userId, id.orElseThrow(), patch, writer));
    Writes.execute(ctx, deps, key, body,
        id.isEmpty() ? missing(ctx) : decided(ctx, key, effect, errors));
  }

  /** The body is optional; when sent it must be an empty object. */
  private void delete(RoutingContext ctx) {
    UUID key = Bodies.idempotencyKey(ctx);
    Buffer raw = ctx.body().buffer();
    Map<String, @Nullable Object> body = raw == null || raw.length() == 0
        ? Map.of() : Bodies.object(ctx);
    List<FieldError> errors = new ArrayList<>();
    Optional<UUID> id = Uuids.parse(ctx.pathParam("id"));
    Optional<Effect> effect = HistoryInput.delete(body, errors)
        ? Optional.of((tx, userId, writer) -> deps.history().delete(tx, userId, id.orElseThrow(),
            writer))
        : Optional.empty();
    Writes.execute(ctx, deps, key, body,
        id.isEmpty() ? missing(ctx) : decided(ctx, key, effect, errors));
  }

  private static Function<SqlConnection, Future<StoredAnswer>> decided(RoutingContext ctx, UUID key,
      Optional<Effect> effect, List<FieldError> errors) {
    if (effect.isEmpty()) {
      return Writes.refused(HistoryAnswers.invalid(ctx, "the request breaks the schema", errors));
    }
    String userId = Authn.userId(ctx);
    PgHistoryStore.Writer writer = new PgHistoryStore.Writer(RequestIds.deviceId(ctx), key);
    return tx -> effect.get().apply(tx, userId, writer).map(d -> HistoryAnswers.of(ctx, d));
  }

  private static Function<SqlConnection, Future<StoredAnswer>> missing(RoutingContext ctx) {
    return Writes.refused(HistoryAnswers.missing(ctx));
  }

  private static ResourceCache.Rendered render(PgHistoryStore.Page page) {
    JsonArray items = new JsonArray();
    page.items().forEach(entry -> items.add(HistoryJson.entry(entry)));
    JsonObject body = new JsonObject().put("items", items)
        .put("nextCursor", page.next().map(HistoryCursor::encode).orElse(null));
    return new ResourceCache.Rendered(page.version(), body.toBuffer());
  }
}
