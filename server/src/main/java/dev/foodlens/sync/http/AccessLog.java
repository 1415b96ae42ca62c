package dev.foodlens.sync.http;

import dev.foodlens.sync.ops.Metrics;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per request (design §6): ids, route template, status, latency and the
 * ledger outcome, which is also counted ({@code foodlens_ledger_outcomes_total}). Never a token
 * or a body.
 */
final class AccessLog {
  private static final Logger LOG = LoggerFactory.getLogger("foodlens.access");

  private AccessLog() {}

  static void log(RoutingContext ctx, Edge.Request request, Metrics metrics) {
    double millis = (System.nanoTime() - request.started) / 1e6;
    String template = request.route == null ? "unmatched" : request.route;
    String ledger = ctx.get(Writes.LEDGER_OUTCOME);
    if (ledger != null) {
      metrics.ledgerOutcome(ledger);
    }
    String userId = ctx.get(Authn.USER_ID);
    LOG.atInfo()
        .addKeyValue("request_id", request.requestId)
        .addKeyValue("user_id", userId == null ? "" : userId)
        .addKeyValue("device_id", request.deviceId)
        .addKeyValue("method", ctx.request().method().name())
        .addKeyValue("route", template)
        .addKeyValue("status", ctx.response().getStatusCode())
        .addKeyValue("latency_ms", Math.round(millis * 1000) / 1000.0)
        .addKeyValue("ledger", ledger == null ? "none" : ledger)
        .log("request");
  }
}
