package dev.foodlens.sync.http;

import dev.foodlens.sync.store.WriteResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Sends the result of an idempotent write, the same way for every write route. */
final class Writes {
  static final String LEDGER_OUTCOME = "ledgerOutcome";

  private Writes() {}

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
