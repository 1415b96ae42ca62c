package dev.foodlens.sync.http;

import dev.foodlens.sync.ledger.Fingerprint;
import dev.foodlens.sync.store.StoredAnswer;
import dev.foodlens.sync.store.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Sends the result of an idempotent write, the same way for every write route. */
final class Writes {
  static final String LEDGER_OUTCOME = "ledgerOutcome";

  private Writes() {}

  /**
   * Runs a write through the ledger and answers it. The request's identity for replays is its
   * method, its concrete path and its canonical body.
   */
  static void execute(RoutingContext ctx, Deps deps, UUID key, Map<String, ?> body,
      Function<SqlConnection, Future<StoredAnswer>> effect) {
    execute(ctx, deps, key, fingerprint(ctx, body), effect);
  }

  /** The request's identity for replays: its method, its concrete path, its canonical body. */
  static Fingerprint fingerprint(RoutingContext ctx, Map<String, ?> body) {
    return Fingerprint.of(ctx.request().method().name(), ctx.request().path(), body);
  }

  /** As above, with the fingerprint already taken (off the event loop, for a large body). */
  static void execute(RoutingContext ctx, Deps deps, UUID key, Fingerprint fingerprint,
      Function<SqlConnection, Future<StoredAnswer>> effect) {
    deps.writes().execute(Authn.userId(ctx), key, fingerprint, effect)
        .onSuccess(result -> respond(ctx, result))
        .onFailure(ctx::fail);
  }

  /** The effect of a write that is refused for good: its problem is stored, nothing applied. */
  static Function<SqlConnection, Future<StoredAnswer>> refused(StoredAnswer problem) {
    return tx -> Future.succeededFuture(problem);
  }

  static void respond(RoutingContext ctx, WriteResult result) {
    ctx.put(LEDGER_OUTCOME, result.ledgerOutcome());
    if (result instanceof WriteResult.Executed e) {
      Responses.send(ctx, e.status(), Buffer.buffer(e.body()));
    } else if (result instanceof WriteResult.Replayed r) {
      ctx.response().putHeader("Idempotent-Replayed", "true");
      Responses.send(ctx, r.status(), Buffer.buffer(r.body()));
    } else {
      ctx.fail(new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
          "this Idempotency-Key was used for a different request"));
    }
  }
}
