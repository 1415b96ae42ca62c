package dev.foodlens.sync.http;

import dev.foodlens.sync.model.FieldError;
import dev.foodlens.sync.ops.Toggles;
import dev.foodlens.sync.store.StoredAnswer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET/PUT /admin/toggles} (contract §7), for tokens with the {@code foodlens-admin} role.
 * PUT goes through the ledger like every write, keyed by the admin's {@code sub}, and is the
 * one write that works while writes are paused: it is how an operator un-pauses. Each change
 * is audited in {@code toggle_changes} in the same transaction (issue 18).
 */
final class TogglesRoutes {
  private static final String PATH = "/admin/toggles";
  private static final Set<String> NAMES = Set.copyOf(Toggles.names());

  private final Deps deps;

  private TogglesRoutes(Deps deps) {
    this.deps = deps;
  }

  static void mount(Router router, Deps deps) {
    TogglesRoutes routes = new TogglesRoutes(deps);
    router.get(PATH).handler(deps.authn()::handle).handler(Authn::requireAdmin)
        .handler(routes::get);
    router.put(PATH).handler(Bodies::hold).handler(deps.authn()::handle)
        .handler(Authn::requireAdmin).handler(Bodies.reader(deps.bodyLimit()))
        .handler(routes::put);
  }

  /** Read from Postgres, the source of truth, and handed to this instance's snapshot too. */
  private void get(RoutingContext ctx) {
    deps.toggleStore().load(deps.pool())
        .onSuccess(toggles -> {
          deps.toggles().offer(toggles);
          Responses.send(ctx, 200, json(toggles).toBuffer());
        })
        .onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx) {
    UUID key = Bodies.idempotencyKey(ctx);
    Map<String, @Nullable Object> body = Bodies.object(ctx);
    List<FieldError> errors = new ArrayList<>();
    Map<String, Boolean> changes = changes(body, errors);
    Writes.execute(ctx, deps, key, body, errors.isEmpty()
        ? tx -> deps.console().queries().updateToggles(tx, changes, Authn.userId(ctx))
            .map(toggles -> new StoredAnswer(200, json(toggles).toBuffer().getBytes(),
                () -> deps.toggles().offer(toggles)))
        : Writes.refused(Problems.outcome(ctx, ProblemType.VALIDATION_FAILED,
            "the body names unknown toggles or non-booleans", errors)));
  }

  /** Any subset of the toggles, each a boolean. */
  private static Map<String, Boolean> changes(Map<String, @Nullable Object> body,
      List<FieldError> errors) {
    Map<String, Boolean> changes = new LinkedHashMap<>();
    body.forEach((name, value) -> {
      if (!NAMES.contains(name)) {
        errors.add(new FieldError(name, "is not a known toggle"));
      } else if (value instanceof Boolean flag) {
        changes.put(name, flag);
      } else {
        errors.add(new FieldError(name, "must be a boolean"));
      }
    });
    return changes;
  }

  static JsonObject json(Toggles toggles) {
    JsonObject json = new JsonObject().put(Toggles.WRITES_PAUSED, toggles.writesPaused())
        .put(Toggles.MANUAL_MERGE, toggles.manualMerge());
    Toggles.ENTITIES.forEach(entity -> json.put(Toggles.pauseName(entity),
        toggles.pausedEntities().contains(entity)));
    return json;
  }
}
