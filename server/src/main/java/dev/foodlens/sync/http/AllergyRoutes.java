package dev.foodlens.sync.http;

import dev.foodlens.sync.cache.ResourceCache;
import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.model.Allergies;
import dev.foodlens.sync.model.AllergyInput;
import dev.foodlens.sync.model.AllergyIntent;
import dev.foodlens.sync.model.FieldError;
import dev.foodlens.sync.model.Uuids;
import dev.foodlens.sync.store.AllergyJson;
import dev.foodlens.sync.store.PgAllergyStore;
import dev.foodlens.sync.store.StoredAnswer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code /me/allergies} and its conflicts (contract §4): an observed-remove set whose writes go
 * through the ledger; the add's Idempotency-Key is its tag. Both reads come from one load of
 * the op log and are cached per user; every write offers both renderings after its commit.
 */
final class AllergyRoutes {
  static final String SET = "allergies";
  static final String CONFLICTS = "allergy-conflicts";

  private final Deps deps;
  private final AllergyAnswers answers;

  private AllergyRoutes(Deps deps) {
    this.deps = deps;
    this.answers = new AllergyAnswers(deps);
  }

  static void mount(Router router, Deps deps) {
    AllergyRoutes routes = new AllergyRoutes(deps);
    Handler<RoutingContext> bodies = Bodies.reader(deps.bodyLimit());
    router.get("/me/allergies").handler(deps.authn()::handle)
        .handler(ctx -> routes.get(ctx, SET));
    router.post("/me/allergies").handler(Bodies::hold).handler(deps.authn()::handle)
        .handler(bodies).handler(routes::add);
    router.delete("/me/allergies/:allergen").handler(Bodies::hold)
        .handler(deps.authn()::handle).handler(bodies).handler(routes::remove);
    router.get("/me/allergies/conflicts").handler(deps.authn()::handle)
        .handler(ctx -> routes.get(ctx, CONFLICTS));
    router.post("/me/allergies/conflicts/:id/resolve").handler(Bodies::hold)
        .handler(deps.authn()::handle).handler(bodies).handler(routes::resolve);
  }

  private void get(RoutingContext ctx, String resource) {
    String userId = Authn.userId(ctx);
    deps.cache().get(new ResourceCache.Key(userId, resource),
            () -> deps.scope().read(userId, c -> deps.allergies().load(c, userId))
                .map(allergies -> render(resource, allergies)),
            ctx.vertx().getOrCreateContext())
        .onSuccess(rendered -> ETags.send(ctx, rendered))
        .onFailure(ctx::fail);
  }

  private void add(RoutingContext ctx) {
    UUID key = Bodies.idempotencyKey(ctx);
    Map<String, @Nullable Object> body = Bodies.object(ctx);
    List<FieldError> errors = new ArrayList<>();
    execute(ctx, key, body, AllergyInput.add(body, errors), errors);
  }

  private void remove(RoutingContext ctx) {
    UUID key = Bodies.idempotencyKey(ctx);
    Map<String, @Nullable Object> body = optionalBody(ctx);
    List<FieldError> errors = new ArrayList<>();
    execute(ctx, key, body, AllergyInput.remove(ctx.pathParam("allergen"), body, errors), errors);
  }

  /** An id that is no UUID names no conflict: the same stored 404 as an unknown one. */
  private void resolve(RoutingContext ctx) {
    UUID key = Bodies.idempotencyKey(ctx);
    Map<String, @Nullable Object> body = Bodies.object(ctx);
    Optional<UUID> id = Uuids.parse(ctx.pathParam("id"));
    List<FieldError> errors = new ArrayList<>();
    if (id.isEmpty()) {
      StoredAnswer missing = answers.unknownConflict(ctx);
      Writes.execute(ctx, deps, key, body, tx -> Future.succeededFuture(missing));
      return;
    }
    execute(ctx, key, body, AllergyInput.resolve(id.get(), body, errors), errors);
  }

  /** Validation failures are answered, and stored, without touching the set. */
  private void execute(RoutingContext ctx, UUID key, Map<String, @Nullable Object> body,
      Optional<AllergyIntent> intent, List<FieldError> errors) {
    if (intent.isEmpty()) {
      Writes.execute(ctx, deps, key, body, Writes.refused(Problems.outcome(ctx,
          ProblemType.VALIDATION_FAILED, "the request breaks the schema", errors)));
      return;
    }
    String userId = Authn.userId(ctx);
    MergeMode mode = deps.toggles().current().manualMerge()
        ? MergeMode.MANUAL : MergeMode.LAST_WRITER_WINS;
    PgAllergyStore.Write write =
        new PgAllergyStore.Write(intent.get(), RequestIds.deviceId(ctx), key, mode);
    Writes.execute(ctx, deps, key, body, tx -> deps.allergies().apply(tx, userId, write)
        .map(written -> answers.of(ctx, write.intent(), written)));
  }

  /** DELETE's body is optional: none at all reads as {@code {}}. */
  private static Map<String, @Nullable Object> optionalBody(RoutingContext ctx) {
    Buffer raw = ctx.body().buffer();
    return raw == null || raw.length() == 0 ? Map.of() : Bodies.object(ctx);
  }

  static ResourceCache.Rendered render(String resource, Allergies allergies) {
    JsonObject body = resource.equals(SET)
        ? AllergyJson.set(allergies) : AllergyJson.conflicts(allergies);
    return new ResourceCache.Rendered(allergies.version(), body.toBuffer());
  }
}
