package dev.foodlens.sync.http;

import dev.foodlens.sync.model.FieldError;
import dev.foodlens.sync.model.StorableText;
import dev.foodlens.sync.store.QuotaExceeded;
import dev.foodlens.sync.store.StoreFailures;
import dev.foodlens.sync.store.StoredAnswer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into RFC 9457 problems. Client faults keep their contract
 * status; storage outages become {@code 503 unavailable} with {@code Retry-After}; anything else
 * is a bug: a generic 500, logged once with the request id, and never a stack trace in the body.
 */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  private static final String RETRY_AFTER_SECONDS = "1";
  /** An operator's pause lasts minutes, not milliseconds: clients need not poll every second. */
  private static final String PAUSED_RETRY_AFTER_SECONDS = "5";

  private Problems() {}

  /** The failure handler of every route, and the router's 404/405/500 handler. */
  static void handle(RoutingContext ctx) {
    ProblemException problem = classify(ctx.statusCode(), ctx.failure());
    if (problem.type() == ProblemType.INTERNAL) {
      LOG.atError().setCause(ctx.failure())
          .addKeyValue("http.request.id", RequestIds.requestId(ctx))
          .log("unhandled failure on {} {}", ctx.request().method(), ctx.request().path());
    }
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      ctx.request().connection().close();
      return;
    }
    Edge.answered(ctx, problem.type().slug());
    if (problem.type() == ProblemType.UNAUTHORIZED) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    if (problem.type().status() == 503) {
      response.putHeader("Retry-After", problem.type() == ProblemType.WRITES_PAUSED
          ? PAUSED_RETRY_AFTER_SECONDS : RETRY_AFTER_SECONDS);
    }
    Responses.send(ctx, problem.type().status(), body(ctx, problem.type(), problem.detail(),
        problem.errors()));
  }

  /** A refused write as the ledger stores it: a deterministic 404 or 422, nothing applied. */
  static StoredAnswer outcome(RoutingContext ctx, ProblemType type, String detail,
      List<FieldError> errors) {
    return StoredAnswer.of(type.status(), body(ctx, type, detail, errors).getBytes());
  }

  /** A problem body for this request; also what the ledger stores for a 422. */
  static Buffer body(RoutingContext ctx, ProblemType type, String detail,
      List<FieldError> errors) {
    JsonObject json = new JsonObject()
        .put("type", type.uri())
        .put("title", type.title())
        .put("status", type.status())
        .put("detail", detail)
        .put("instance", ctx.request().path())
        .put("requestId", RequestIds.requestId(ctx));
    String traceId = RequestIds.traceId(ctx);
    if (!traceId.isEmpty()) {
      json.put("traceId", traceId);
    }
    if (!errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(e -> list.add(new JsonObject().put("field", e.field())
          .put("message", e.message())));
      json.put("errors", list);
    }
    return json.toBuffer();
  }

  static ProblemException quotaProblem(QuotaExceeded quota) {
    return new ProblemException(ProblemType.QUOTA_EXCEEDED, quota.detail(),
        List.of(new FieldError(quota.field(), quota.detail())));
  }

  static ProblemException classify(int status, Throwable failure) {
    if (failure instanceof ProblemException p) {
      return p;
    }
    if (failure instanceof QuotaExceeded quota) {
      return quotaProblem(quota);
    }
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
    }
    if (failure != null && StoreFailures.isUnavailable(failure)) {
      return new ProblemException(ProblemType.UNAVAILABLE, "storage is unreachable; retry later");
    }
    if (failure != null && StoreFailures.isUnstorableText(failure)) {
      LOG.atWarn().log("input validation let through text Postgres refused: {}",
          failure.getMessage());
      return new ProblemException(ProblemType.VALIDATION_FAILED,
          "a string in the request " + StorableText.RULE);
    }
    return switch (status) {
      case 400 -> new ProblemException(ProblemType.BAD_REQUEST, "the request is malformed");
      case 401 -> new ProblemException(ProblemType.UNAUTHORIZED, "a valid bearer token is needed");
      case 403 -> new ProblemException(ProblemType.FORBIDDEN, "this token may not do that");
      case 404 -> new ProblemException(ProblemType.NOT_FOUND, "no such resource");
      case 405 -> new ProblemException(ProblemType.METHOD_NOT_ALLOWED,
          "this resource does not support that method");
      case 413 -> new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
          "the body is larger than this route accepts");
      case 415 -> new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "send the body as application/json");
      case 503 -> new ProblemException(ProblemType.UNAVAILABLE,
          "the request could not be served in time; retry later");
      default -> new ProblemException(ProblemType.INTERNAL, "an unexpected error occurred");
    };
  }
}
