package dev.foodlens.sync.http;

import dev.foodlens.sync.ops.LiveToggles;
import dev.foodlens.sync.ops.Metrics;
import dev.foodlens.sync.ops.Refusal;
import dev.foodlens.sync.ops.Toggles;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The router's first handler, one per event loop (issue 13, "a fused edge"): in one step it fixes
 * the request's ids ({@link RequestIds}), sheds it when the process is at its in-flight bound
 * ({@link Admission}), starts its deadline, refuses a write while writes are paused, and
 * registers the one end handler that records the request's meters, writes the access line,
 * releases the in-flight slot and retires the deadline. Before, each was its own handler (four
 * routes, three end handlers), and
 * the timeout was vertx-web's {@code TimeoutHandler}: a timer created and cancelled per
 * request. Authentication and the per-user rate limit stay one handler per route
 * ({@link Authn#handle}): a route with a body holds it unread before authenticating
 * ({@link Bodies#hold}), and a path no route serves answers 404 without a token.
 *
 * <p>Deadlines: the request timeout is the same for every request, so requests reach their
 * deadlines in the order they arrived, and a FIFO queue swept by one periodic timer per loop
 * finds every late one (a request ended before its deadline only leaves a cleared entry). A
 * request still unanswered at its deadline fails with 503, as {@code TimeoutHandler} did; it is
 * noticed at most one sweep period late ({@link #sweepPeriodMillis}).
 *
 * <p>Liveness ({@code /healthz}) is never shed: a busy instance is alive. The management
 * listener's edge has neither shedding nor deadlines: operators look when it is full.
 */
final class Edge implements Handler<RoutingContext> {
  static final String LIVENESS = "/healthz";
  private static final Set<HttpMethod> WRITES =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final Metrics metrics;
  private final @Nullable Admission admission;
  private final @Nullable LiveToggles toggles;
  private final long timeoutNanos;
  /** Whether Vert.x traces (an SDK was configured): only then is there a span to read. */
  private final boolean traced;
  private final ArrayDeque<Request> pending = new ArrayDeque<>();
  private @Nullable AllowedMethods routes;

  private Edge(Metrics metrics, @Nullable Admission admission, @Nullable LiveToggles toggles,
      long timeoutNanos, boolean traced) {
    this.metrics = metrics;
    this.admission = admission;
    this.toggles = toggles;
    this.timeoutNanos = timeoutNanos;
    this.traced = traced;
  }

  /** The API's edge; call on the event loop that serves the router (its sweep runs there). */
  static Edge api(Vertx vertx, Metrics metrics, Admission admission, LiveToggles toggles,
      Duration timeout) {
    Edge edge = new Edge(metrics, admission, toggles, timeout.toNanos(),
        ((VertxInternal) vertx).tracer() != null);
    vertx.setPeriodic(sweepPeriodMillis(timeout), id -> edge.sweep(System.nanoTime()));
    return edge;
  }

  /** The router's routes, once mounted: names the route of a request refused before routing. */
  void routes(AllowedMethods mounted) {
    this.routes = mounted;
  }

  /** The management listener's edge: ids and the access log only. */
  static Edge management(Metrics metrics) {
    return new Edge(metrics, null, null, 0, false);
  }

  /** A tenth of the timeout, between 10 ms and 250 ms: late by at most that much. */
  static long sweepPeriodMillis(Duration timeout) {
    return Math.max(10, Math.min(250, timeout.toMillis() / 10));
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    Request request = new Request(ctx, started);
    metrics.httpBegan(ctx.request().method().name());
    ctx.put(RequestIds.EDGE, request);
    ctx.addEndHandler(request);
    if (traced) {
      // the server span Vert.x started for this request (its parent: the caller's traceparent)
      SpanContext span = Span.current().getSpanContext();
      if (span.isValid()) {
        request.traceId = span.getTraceId();
      }
    }
    String problem = RequestIds.fix(ctx, request);
    if (problem != null) {
      ctx.fail(new ProblemException(ProblemType.BAD_REQUEST, problem));
      return;
    }
    if (admission != null && !LIVENESS.equals(ctx.normalizedPath())) {
      if (!admission.enter()) {
        request.refusal = Refusal.OVERLOAD;
        ctx.response().putHeader("Retry-After", "1");
        ctx.fail(new ProblemException(ProblemType.UNAVAILABLE,
            "the gateway is at capacity; retry later"));
        return;
      }
      request.admitted = true;
      request.deadline = started + timeoutNanos;
      pending.addLast(request);
    }
    if (toggles != null && WRITES.contains(ctx.request().method())
        && paused(toggles.current(), ctx.normalizedPath())) {
      request.refusal = Refusal.WRITES_PAUSED;
      ctx.fail(Routers.pausedProblem());
      return;
    }
    ctx.next();
  }

  /**
   * Contract §7: while paused, every write under {@code /me/} answers 503 before it reaches the
   * ledger (and before authentication reads its body), so nothing is stored and the same key
   * applies normally later. {@code /admin/toggles} is outside {@code /me/}, so an operator can
   * always un-pause. A pause of one entity refuses the writes of its resource, and a migration
   * (which touches all); a push is checked per op by its route, which sees the ops' entities.
   */
  private static boolean paused(Toggles current, String path) {
    if (!path.startsWith("/me/")) {
      return false;
    }
    if (path.startsWith("/me/migrate")) {
      return current.anyWritesPaused();
    }
    if (current.writesPaused()) {
      return true;
    }
    for (String entity : current.pausedEntities()) {
      if (Toggles.ENTITIES.contains(entity) && path.startsWith("/me/" + entity)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Notes the route now handling the request (its first handler calls this), so that a
   * failure answered later by the failure handler is still labelled with that route.
   */
  static void took(RoutingContext ctx) {
    Request request = ctx.get(RequestIds.EDGE);
    if (request != null && ctx.currentRoute() != null) {
      request.route = ctx.currentRoute().getPath();
    }
  }

  /**
   * Notes the problem type ({@link ProblemType#slug}) the request is answered with, for its
   * access line and, on a 503, its refusal metric.
   */
  static void answered(RoutingContext ctx, String problemSlug) {
    Request request = ctx.get(RequestIds.EDGE);
    if (request != null) {
      request.problem = problemSlug;
    }
  }

  /**
   * An error answer sent without {@link Problems#handle}: a replayed ledger outcome (its stored
   * problem body) or a probe's 503. Error paths only, so reading the body's {@code type} back is
   * affordable; a body without one (a probe's) leaves the problem unknown.
   */
  static void answeredBody(RoutingContext ctx, Buffer body) {
    Request request = ctx.get(RequestIds.EDGE);
    if (request == null || request.problem != null) {
      return;
    }
    try {
      String type = new JsonObject(body).getString("type");
      if (type != null && type.startsWith(ProblemType.BASE)) {
        request.problem = type.substring(ProblemType.BASE.length());
      }
    } catch (RuntimeException notAProblem) {
      // not JSON or not a problem: nothing to note
    }
  }

  /** Fails every request past its deadline that has not been answered; forgets ended ones. */
  void sweep(long now) {
    for (Request head = pending.peekFirst(); head != null; head = pending.peekFirst()) {
      RoutingContext ctx = head.ctx;
      if (ctx != null && head.deadline - now > 0) {
        return;
      }
      pending.pollFirst();
      if (ctx != null && !ctx.response().ended()) {
        if (!ctx.request().isEnded()) {
          ctx.request().resume();
        }
        head.refusal = Refusal.TIMEOUT;
        ctx.fail(503);
      }
    }
  }

  /** What the edge knows of one request; also its end handler and its deadline's entry. */
  final class Request implements Handler<AsyncResult<Void>> {
    /** Cleared when the request ends, so an entry still queued holds nothing of it. */
    private @Nullable RoutingContext ctx;
    final long started;
    String requestId = "";
    String deviceId = "";
    /** The request's trace id, empty unless traced. */
    String traceId = "";
    /** The template of the route that took the request, before a failure handler answers it. */
    @Nullable String route;
    /** The problem type's slug of an error answer; null until one is sent. */
    @Nullable String problem;
    /** Set when the edge itself refused the request (shed or late); read only on a 503. */
    private @Nullable Refusal refusal;
    private boolean admitted;
    private long deadline;

    Request(RoutingContext ctx, long started) {
      this.ctx = ctx;
      this.started = started;
    }

    @Override
    public void handle(AsyncResult<Void> ended) {
      RoutingContext done = ctx;
      if (done == null) {
        return;
      }
      ctx = null;
      if (admitted && admission != null) {
        admission.leave();
      }
      if (route == null && done.currentRoute() != null) {
        route = done.currentRoute().getPath();
      }
      int status = done.response().getStatusCode();
      if (route == null && refusal != null && routes != null) {
        route = routes.template(done.request().method(), done.normalizedPath());
      }
      String method = done.request().method().name();
      long nanos = System.nanoTime() - started;
      metrics.httpResponded(route, method, status, nanos);
      if (status == 503 && problem != null) {
        metrics.refused(refusal != null ? refusal
            : ProblemType.WRITES_PAUSED.slug().equals(problem) ? Refusal.WRITES_PAUSED
                : Refusal.UNAVAILABLE);
      }
      AccessLog.log(done, this, metrics, nanos);
    }
  }
}
