package dev.foodlens.sync.http;

import dev.foodlens.sync.model.Checkpoint;
import dev.foodlens.sync.model.FieldError;
import dev.foodlens.sync.model.FieldSchema;
import dev.foodlens.sync.store.PgFeedReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /me/sync} (contract §5): a full snapshot without {@code since}, else every change
 * after the checkpoint, in version order, each exactly once across pages.
 */
final class SyncRoutes {
  static final int DEFAULT_LIMIT = 500;
  static final int MAX_LIMIT = 1000;

  private SyncRoutes() {}

  static void mount(Router router, Deps deps) {
    router.get("/me/sync").handler(deps.authn()::handle).handler(ctx -> pull(ctx, deps));
  }

  private static void pull(RoutingContext ctx, Deps deps) {
    String sinceText = ctx.request().getParam("since");
    Optional<Checkpoint> since = sinceText == null
        ? Optional.of(Checkpoint.bootstrap()) : Checkpoint.decode(sinceText);
    Integer limit = QueryParams.intInRange(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    if (since.isEmpty() || limit == null) {
      throw new ProblemException(ProblemType.VALIDATION_FAILED, "the query is not valid",
          errors(since.isEmpty(), limit == null));
    }
    String userId = Authn.userId(ctx);
    deps.scope().read(userId, c -> deps.feed().read(c, userId, since.get(), limit))
        .onSuccess(page -> page.ifPresentOrElse(
            p -> Responses.send(ctx, 200, render(p, deps).toBuffer()),
            () -> ctx.fail(new ProblemException(ProblemType.CHECKPOINT_EXPIRED,
                "the checkpoint is older than the retained change feed; bootstrap again "
                    + "with GET /me/sync without since"))))
        .onFailure(ctx::fail);
  }

  private static List<FieldError> errors(boolean badSince, boolean badLimit) {
    List<FieldError> errors = new java.util.ArrayList<>();
    if (badSince) {
      errors.add(new FieldError("since", "is not a checkpoint this server issued"));
    }
    if (badLimit) {
      errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
    }
    return errors;
  }

  private static JsonObject render(PgFeedReader.Page page, Deps deps) {
    JsonArray changes = new JsonArray();
    for (PgFeedReader.Change change : page.changes()) {
      changes.add(new JsonObject().put("entity", change.entity())
          .mergeIn(new JsonObject(change.stateJson())).put("version", change.version()));
    }
    return new JsonObject()
        .put("checkpoint", page.next().encode())
        .put("hasMore", page.hasMore())
        .put("writesPaused", deps.toggles().current().writesPaused())
        .put("pausedEntities", new JsonArray(deps.toggles().current().pausedEntities().stream()
            .sorted().toList()))
        .put("settingsDefaults", defaults(deps.settings()))
        .put("changes", changes);
  }

  /** What a settings key never set, or cleared, reads as: the schema's defaults, every key. */
  private static JsonObject defaults(FieldSchema schema) {
    JsonObject defaults = new JsonObject();
    schema.fields().values().forEach(spec -> defaults.put(spec.name(), spec.defaultValue()));
    return defaults;
  }
}
