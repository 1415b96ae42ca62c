package dev.foodlens.sync.http;

import dev.foodlens.sync.ops.Metrics;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One structured line per request (design §6), in Elastic Common Schema names: ids, route
 * template, status, duration, the problem type of an error answer and the ledger outcome, which
 * is also counted ({@code foodlens_ledger_outcomes_total}). Never a token, a body, or the raw
 * path (it can hold an allergen or another user's id): {@code http.route} is the template.
 */
final class AccessLog {
  private static final Logger LOG = LoggerFactory.getLogger("foodlens.access");

  private AccessLog() {}

  static void log(RoutingContext ctx, Edge.Request request, Metrics metrics, long nanos) {
    String ledger = ctx.get(Writes.LEDGER_OUTCOME);
    if (ledger != null) {
      metrics.ledgerOutcome(ledger);
    }
    String userId = ctx.get(Authn.USER_ID);
    int status = ctx.response().getStatusCode();
    LoggingEventBuilder line = LOG.atInfo()
        .addKeyValue("http.request.id", request.requestId)
        .addKeyValue("user.id", userId == null ? "" : userId)
        .addKeyValue("device.id", request.deviceId)
        .addKeyValue("http.request.method", ctx.request().method().name())
        .addKeyValue("http.route", request.route == null ? "unmatched" : request.route)
        .addKeyValue("http.response.status_code", status)
        .addKeyValue("event.duration", nanos)
        .addKeyValue("foodlens.ledger", ledger == null ? "none" : ledger);
    if (!request.traceId.isEmpty()) {
      line = line.addKeyValue("trace.id", request.traceId);
    }
    if (status >= 400) {
      line = line.addKeyValue("error.type", request.problem == null ? "none" : request.problem);
    }
    line.log("request");
  }
}
