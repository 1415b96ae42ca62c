package dev.foodlens.sync.http;

import dev.foodlens.sync.cache.ResourceCache;
import dev.foodlens.sync.crdt.AutoDecision;
import dev.foodlens.sync.crdt.Conflict;
import dev.foodlens.sync.crdt.Outcome.Applied;
import dev.foodlens.sync.crdt.Outcome.Rejected;
import dev.foodlens.sync.crdt.Outcome.Rejection;
import dev.foodlens.sync.model.Allergies;
import dev.foodlens.sync.model.AllergyIntent;
import dev.foodlens.sync.model.FieldError;
import dev.foodlens.sync.store.AllergyJson;
import dev.foodlens.sync.store.PgAllergyStore;
import dev.foodlens.sync.store.StoredAnswer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns what the OR-Set decided about an allergy write into the answer the ledger stores: the
 * set after an add or remove, the conflict after a resolve, or a deterministic 404/422.
 */
final class AllergyAnswers {
  private final Deps deps;

  AllergyAnswers(Deps deps) {
    this.deps = deps;
  }

  StoredAnswer of(RoutingContext ctx, AllergyIntent intent, PgAllergyStore.Written written) {
    Optional<StoredAnswer> problem = problem(ctx, intent, written);
    if (problem.isPresent()) {
      return problem.get();
    }
    Runnable publish = publish(ctx, written);
    if (intent instanceof AllergyIntent.Resolve resolve) {
      Conflict conflict = written.allergies().set().conflict(resolve.conflictId()).orElseThrow();
      return new StoredAnswer(200, AllergyJson.conflict(conflict).toBuffer().getBytes(), publish);
    }
    return new StoredAnswer(200,
        AllergyRoutes.render(AllergyRoutes.SET, written.allergies()).body().getBytes(), publish);
  }

  /**
   * The problem the write answers, or empty when it succeeded: a push answers a success with its
   * version only, so it never renders the set (O(allergens) per op).
   */
  Optional<StoredAnswer> problem(RoutingContext ctx, AllergyIntent intent,
      PgAllergyStore.Written written) {
    if (written.outcome() instanceof Rejected rejected) {
      return Optional.of(rejected.reason() == Rejection.UNKNOWN_CONFLICT
          ? unknownConflict(ctx) : contraryDecision(ctx, rejected.conflict()));
    }
    if (intent instanceof AllergyIntent.Resolve resolve
        && written.allergies().set().conflict(resolve.conflictId()).isEmpty()) {
      return Optional.of(unknownConflict(ctx));
    }
    return Optional.empty();
  }

  StoredAnswer unknownConflict(RoutingContext ctx) {
    return Problems.outcome(ctx, ProblemType.NOT_FOUND,
        "this user has no conflict with that id", List.of());
  }

  private static StoredAnswer contraryDecision(RoutingContext ctx,
      @Nullable Conflict conflict) {
    String earlier = conflict == null || conflict.resolution() == null
        ? "the other way" : "as \"" + AllergyJson.wire(conflict.resolution().decision()) + "\"";
    FieldError error = new FieldError("decision", "the conflict was already resolved " + earlier);
    return Problems.outcome(ctx, ProblemType.VALIDATION_FAILED,
        "a resolved conflict cannot be decided differently", List.of(error));
  }

  /**
   * After commit: the replayed set, both cached renderings, each automatic decision logged and
   * counted, and the conflicts the op opened or closed counted.
   */
  private Runnable publish(RoutingContext ctx, PgAllergyStore.Written written) {
    String userId = Authn.userId(ctx);
    String requestId = RequestIds.requestId(ctx);
    Allergies allergies = written.allergies();
    Optional<Applied> applied = written.outcome() instanceof Applied a
        ? Optional.of(a) : Optional.empty();
    List<AutoDecision> decided =
        applied.map(a -> a.effects().autoDecided()).orElse(List.of());
    return () -> {
      deps.allergies().remember(userId, allergies);
      for (String resource : List.of(AllergyRoutes.SET, AllergyRoutes.CONFLICTS)) {
        deps.cache().offer(new ResourceCache.Key(userId, resource),
            AllergyRoutes.render(resource, allergies));
      }
      decided.forEach(decision -> deps.autoResolved().record(requestId, userId, decision));
      applied.ifPresent(a -> deps.metrics().conflicts(a.effects()));
    };
  }

}
