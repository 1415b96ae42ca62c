package dev.foodlens.sync.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Ends a response with a JSON body; error statuses carry problem+json (RFC 9457). */
final class Responses {
  private Responses() {}

  /** Does nothing when the response already ended, e.g. after a request timeout answered 503. */
  static void send(RoutingContext ctx, int status, Buffer body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (status >= 400) {
      Edge.answeredBody(ctx, body);
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", status >= 400 ? "application/problem+json" : "application/json")
        .end(body);
  }
}
