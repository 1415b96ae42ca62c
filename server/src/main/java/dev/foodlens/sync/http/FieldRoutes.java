package dev.foodlens.sync.http;

import dev.foodlens.sync.cache.ResourceCache;
import dev.foodlens.sync.model.FieldError;
import dev.foodlens.sync.model.FieldRegisters;
import dev.foodlens.sync.model.FieldSchema;
import dev.foodlens.sync.store.PgFieldStore;
import dev.foodlens.sync.store.StoredAnswer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET/PATCH /me/profile} and {@code /me/settings} (contract §4): register maps whose
 * fields are independent last-writer-wins registers. One class serves both; the schema differs.
 */
final class FieldRoutes {
  private final Deps deps;
  private final FieldSchema schema;

  private FieldRoutes(Deps deps, FieldSchema schema) {
    this.deps = deps;
    this.schema = schema;
  }

  static void mount(Router router, Deps deps, FieldSchema schema) {
    FieldRoutes routes = new FieldRoutes(deps, schema);
    String path = "/me/" + schema.entity();
    router.get(path).handler(deps.authn()::handle).handler(routes::get);
    router.patch(path).handler(Bodies::hold).handler(deps.authn()::handle)
        .handler(Bodies.reader(deps.bodyLimit())).handler(routes::patch);
  }

  private void get(RoutingContext ctx) {
    String userId = Authn.userId(ctx);
    deps.cache().get(key(userId), () -> deps.scope()
            .read(userId, c -> deps.fields().load(c, userId, schema.entity()))
            .map(r -> render(schema, r)), ctx.vertx().getOrCreateContext())
        .onSuccess(rendered -> ETags.send(ctx, rendered))
        .onFailure(ctx::fail);
  }

  private void patch(RoutingContext ctx) {
    String userId = Authn.userId(ctx);
    UUID key = Bodies.idempotencyKey(ctx);
    Map<String, @Nullable Object> body = Bodies.object(ctx);
    List<FieldError> errors = new ArrayList<>();
    Map<String, @Nullable Object> fields = FieldSchema.fieldsOf(body, errors);
    errors.addAll(schema.validate(fields, "fields.", Year.now(deps.clock()).getValue()));
    PgFieldStore.Patch patch =
        new PgFieldStore.Patch(schema.entity(), fields, RequestIds.deviceId(ctx), key);
    if (!errors.isEmpty()) {
      Writes.execute(ctx, deps, key, body, Writes.refused(Problems.outcome(ctx,
          ProblemType.VALIDATION_FAILED, "the patch breaks the schema", errors)));
      return;
    }
    deps.writes().patch(userId, key, Writes.fingerprint(ctx, body), deps.fields(), patch,
            registers -> written(userId, registers))
        .onSuccess(result -> Writes.respond(ctx, result))
        .onFailure(ctx::fail);
  }

  private StoredAnswer written(String userId, FieldRegisters registers) {
    ResourceCache.Rendered rendered = render(schema, registers);
    return new StoredAnswer(200, rendered.body().getBytes(),
        () -> deps.cache().offer(key(userId), rendered));
  }

  /** The body of {@code GET /me/<entity>}; also what a push or a migration offers the cache. */
  static ResourceCache.Rendered render(FieldSchema schema, FieldRegisters registers) {
    JsonObject fields = new JsonObject();
    schema.fields().keySet().forEach(name -> {
      FieldRegisters.Field stored = registers.fields().get(name);
      Object shown = schema.shown(name, stored == null ? null : stored.register().value());
      if (shown != null || schema.showsDefaults()) {
        fields.put(name, shown);
      }
    });
    long version = registers.version();
    Buffer body = new JsonObject().put("version", version).put("fields", fields).toBuffer();
    return new ResourceCache.Rendered(version, body);
  }

  private ResourceCache.Key key(String userId) {
    return new ResourceCache.Key(userId, schema.entity());
  }
}
