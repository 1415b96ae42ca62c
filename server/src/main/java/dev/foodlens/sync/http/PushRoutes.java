package dev.foodlens.sync.http;

import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.model.Checkpoint;
import dev.foodlens.sync.model.FieldError;
import dev.foodlens.sync.model.OpInput;
import dev.foodlens.sync.model.PushBatch;
import dev.foodlens.sync.model.PushInput;
import dev.foodlens.sync.ops.Toggles;
import dev.foodlens.sync.store.PgPushStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /me/sync/push} (contract §5): up to 500 ops of any entity, applied in order in one
 * transaction, each deduplicated by its op id in the ledger. The batch itself needs no
 * Idempotency-Key: every op is idempotent on its own, so a retried batch answers its applied
 * ops as {@code duplicate} and applies only what had not been applied. Each op costs one unit
 * of the user's rate budget ({@link Admission#charge}).
 */
final class PushRoutes {
  private static final Logger STATS = LoggerFactory.getLogger("foodlens.push.clientStats");

  private final Deps deps;
  private final OpInput input;

  private PushRoutes(Deps deps) {
    this.deps = deps;
    this.input = new OpInput(deps.profile(), deps.settings());
  }

  static void mount(Router router, Deps deps) {
    PushRoutes routes = new PushRoutes(deps);
    router.post("/me/sync/push").handler(Bodies::hold).handler(deps.authn()::handle)
        .handler(Bodies.reader(deps.bodyLimit())).handler(routes::push);
  }

  /** Parse, admit, plan, apply in one transaction, then publish, count and answer. */
  private void push(RoutingContext ctx) {
    PushBatch batch = parse(ctx);
    refuseOpsOfPausedEntities(batch);
    deps.authn().admission().charge(ctx, batch.ops().size() - 1);
    String userId = Authn.userId(ctx);
    batch.clientStats().ifPresent(stats -> keepStats(ctx, userId, batch.deviceId(), stats));
    List<PgPushStore.Planned> ops = plan(batch);
    PushResults results = new PushResults(ctx, deps);
    deps.push().push(userId, batch.deviceId(), mode(), ops, results::render)
        .onSuccess(pushed -> {
          Publisher.publish(deps, RequestIds.requestId(ctx), userId, pushed.state());
          results.allergyEffects().forEach(deps.metrics()::conflicts);
          List<PushResults.Answer> answers = answers(ops, results, pushed);
          count(userId, batch, ops, answers);
          Responses.send(ctx, 200, body(answers, pushed.version()));
        })
        .onFailure(ctx::fail);
  }

  private static PushBatch parse(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    return PushInput.batch(Bodies.object(ctx), errors).orElseThrow(() ->
        new ProblemException(ProblemType.VALIDATION_FAILED, "the push breaks the schema", errors));
  }

  /** Each op with its fingerprint (its ledger identity) and what it asks for. */
  private List<PgPushStore.Planned> plan(PushBatch batch) {
    int year = Year.now(deps.clock()).getValue();
    return batch.ops().stream().map(op -> new PgPushStore.Planned(op.opId(), op.fingerprint(),
        input.intent(op, year))).toList();
  }

  /** The device's queue report: logged, counted, and kept for the inspector. */
  private void keepStats(RoutingContext ctx, String userId, String deviceId,
      PushBatch.ClientStats stats) {
    log(ctx, userId, deviceId, stats);
    deps.metrics().clientStats(stats.queueDepth(), stats.oldestPendingSeconds());
    // Telemetry, outside the push's transaction: a failure here must not fail the push.
    deps.scope().write(userId, c -> deps.inspector().recordDevice(c, userId, deviceId, stats))
        .onFailure(e -> STATS.warn("device stats not kept: {}", e.toString()));
  }

  private static List<PushResults.Answer> answers(List<PgPushStore.Planned> ops,
      PushResults results, PgPushStore.Pushed pushed) {
    List<PushResults.Answer> answers = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      answers.add(results.answer(ops.get(i).opId(), pushed.answers().get(i)));
    }
    return answers;
  }

  /** Each op's result by entity and status; each duplicate as a ledger replay. */
  private void count(String userId, PushBatch batch, List<PgPushStore.Planned> ops,
      List<PushResults.Answer> answers) {
    for (int i = 0; i < ops.size(); i++) {
      String status = answers.get(i).status();
      deps.metrics().syncOp(String.valueOf(batch.ops().get(i).members().get("entity")), status);
      if ("duplicate".equals(status)) {
        deps.writes().replayed(userId, ops.get(i).opId());
      }
    }
  }

  /**
   * The stored results are JSON already: the response splices their bytes, so a fresh op's
   * answer is byte-identical to what the ledger keeps, and nothing is re-parsed.
   */
  private static Buffer body(List<PushResults.Answer> answers, long version) {
    Buffer body = Buffer.buffer(64 + answers.size() * 96).appendString("{\"results\":[");
    for (int i = 0; i < answers.size(); i++) {
      body.appendString(i == 0 ? "" : ",").appendBytes(answers.get(i).json());
    }
    return body.appendString("],\"checkpoint\":")
        .appendString(Json.encode(Checkpoint.after(version).encode()))
        .appendString("}");
  }

  /**
   * A batch holding an op of a paused entity waits as a whole (503 before the ledger, so every op
   * applies later under its id); a batch of other entities flows. Conflict decisions belong to
   * allergies.
   */
  private void refuseOpsOfPausedEntities(PushBatch batch) {
    Toggles toggles = deps.toggles().current();
    boolean paused = batch.ops().stream()
        .map(op -> String.valueOf(op.members().get("entity")))
        .map(entity -> entity.equals("conflict") ? "allergies" : entity)
        .anyMatch(toggles::writesPaused);
    if (paused) {
      throw Routers.pausedProblem();
    }
  }

  private MergeMode mode() {
    return deps.toggles().current().manualMerge() ? MergeMode.MANUAL : MergeMode.LAST_WRITER_WINS;
  }

  /** One JSON line per report; the histograms of {@code foodlens_client_*} count it too. */
  private static void log(RoutingContext ctx, String userId, String deviceId,
      PushBatch.ClientStats stats) {
    STATS.atInfo()
        .addKeyValue("http.request.id", RequestIds.requestId(ctx))
        .addKeyValue("user.id", userId)
        .addKeyValue("device.id", deviceId)
        .addKeyValue("queue_depth", stats.queueDepth())
        .addKeyValue("oldest_pending_seconds", stats.oldestPendingSeconds())
        .addKeyValue("failed", stats.failed())
        .log("client queue stats");
  }
}
