package dev.foodlens.sync.http;

import dev.foodlens.sync.crdt.Outcome;
import dev.foodlens.sync.model.OpIntent;
import dev.foodlens.sync.store.PgPushStore;
import dev.foodlens.sync.store.PgPushStore.Effect;
import dev.foodlens.sync.store.StoredAnswer;
import dev.foodlens.sync.store.WriteResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The per-op results of a push (contract §5). A rejected op carries the problem its REST call
 * would have got — the same answer code decides it ({@link AllergyAnswers}, {@link
 * HistoryAnswers}). What the ledger keeps for an op is its result as first answered; a later
 * delivery answers it again as {@code duplicate}, with {@code original} saying what it was.
 */
final class PushResults {
  private final RoutingContext ctx;
  private final AllergyAnswers allergies;
  private final List<Outcome.Effects> allergyEffects = new ArrayList<>();
  /** The status of each op rendered by this push (a worker may render; the loop reads after). */
  private final Map<UUID, String> rendered = new HashMap<>();

  /** One op's entry of the response: its status and its JSON bytes. */
  record Answer(String status, byte[] json) {}

  PushResults(RoutingContext ctx, Deps deps) {
    this.ctx = ctx;
    this.allergies = new AllergyAnswers(deps);
  }

  /** A fresh op's result: status 200 for applied and conflict, the problem's status otherwise. */
  StoredAnswer render(PgPushStore.Planned op, Effect effect, long versionAfter) {
    Optional<StoredAnswer> rejected = problem(effect);
    if (rejected.isPresent()) {
      StoredAnswer rest = rejected.get();
      JsonObject problem = new JsonObject(Buffer.buffer(rest.body()));
      rendered.put(op.opId(), "rejected");
      return StoredAnswer.of(rest.status(), result(op.opId(), "rejected").put("problem", problem)
          .toBuffer().getBytes());
    }
    if (effect instanceof Effect.AllergyWritten a
        && a.written().outcome() instanceof Outcome.Applied applied) {
      allergyEffects.add(applied.effects());
    }
    String status = effect instanceof Effect.AllergyWritten a
        && a.written().outcome() instanceof Outcome.Applied applied
        && !applied.effects().opened().isEmpty() ? "conflict" : "applied";
    rendered.put(op.opId(), status);
    return StoredAnswer.of(200, result(op.opId(), status).put("version", versionAfter).toBuffer()
        .getBytes());
  }

  /** What the fresh allergy ops changed, to count once the push has committed. */
  List<Outcome.Effects> allergyEffects() {
    return allergyEffects;
  }

  /** The problem the op's REST call would have answered, or empty when it succeeded. */
  private Optional<StoredAnswer> problem(Effect effect) {
    if (effect instanceof Effect.AllergyWritten a) {
      return allergies.problem(ctx, a.intent(), a.written());
    }
    if (effect instanceof Effect.History h) {
      return HistoryAnswers.problem(ctx, h.decision());
    }
    if (effect instanceof Effect.Refused refused) {
      return Optional.of(refused(refused.intent()));
    }
    if (effect instanceof Effect.OverQuota over) {
      ProblemException problem = Problems.quotaProblem(over.quota());
      return Optional.of(Problems.outcome(ctx, problem.type(), problem.detail(),
          problem.errors()));
    }
    return Optional.empty();
  }

  private StoredAnswer refused(OpIntent intent) {
    if (intent instanceof OpIntent.Invalid invalid) {
      return HistoryAnswers.invalid(ctx, "the op breaks the schema", invalid.errors());
    }
    return ((OpIntent.Missing) intent).what().equals("conflict")
        ? allergies.unknownConflict(ctx) : HistoryAnswers.missing(ctx);
  }

  /** The answer for the op at {@code opId}, as the response lists it. */
  Answer answer(UUID opId, WriteResult result) {
    if (result instanceof WriteResult.Executed e) {
      String status = rendered.get(opId);
      if (status == null) {
        throw new IllegalStateException("op " + opId + " was executed but never rendered");
      }
      return new Answer(status, e.body());
    }
    if (result instanceof WriteResult.Replayed r) {
      JsonObject original = new JsonObject(Buffer.buffer(r.body()));
      return json(original.put("original", original.getString("status"))
          .put("status", "duplicate"));
    }
    JsonObject problem = new JsonObject(Problems.body(ctx, ProblemType.IDEMPOTENCY_KEY_REUSED,
        "this op id was used before for a different op (or request)", List.of()));
    return json(result(opId, "rejected").put("problem", problem));
  }

  private static Answer json(JsonObject answer) {
    return new Answer(answer.getString("status"), answer.toBuffer().getBytes());
  }

  private static JsonObject result(UUID opId, String status) {
    return new JsonObject().put("opId", opId.toString()).put("status", status);
  }
}
