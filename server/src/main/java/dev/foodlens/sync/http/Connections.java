package dev.foodlens.sync.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP/1 connection rules of one listener instance (confined to its event loop):
 * <ul>
 *   <li>the head of the first request must arrive within the header timeout of the connection
 *       opening, the head of each next one within the idle timeout of the previous response
 *       ending: a slow or silent client is closed (the idle timeout alone lets a client that
 *       sends one byte a minute hold a socket forever);
 *   <li>a response that ends before its request's body was read (a 401, 403, 413, 415, 429 or
 *       503 refuses before reading) lingers, as nginx does: the rest of the body is read and
 *       dropped for at most the header timeout (capped at {@link #LINGER}), then the
 *       connection is kept if the body ended and closed if not. Closing at once would reset
 *       the connection under a client still sending, and lose the answer it waits for; waiting
 *       without a bound would let a client hold the socket with a body that never comes.
 *       Nothing of the body is kept;
 *   <li>a request whose framing two parsers could read differently (request smuggling behind
 *       a proxy) is refused before anything reads it: {@code Content-Length} together with
 *       {@code Transfer-Encoding}, or any transfer coding but a lone {@code chunked}.
 * </ul>
 */
final class Connections {
  static final Duration LINGER = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final long headerTimeoutNanos;
  private final long keepAliveNanos;
  private final long lingerNanos;
  /** When each open HTTP/1 connection must have sent its next request head; 0 while serving. */
  private final Map<HttpConnection, Deadline> deadlines = new HashMap<>();
  private long sweeper;

  private static final class Deadline {
    long at;

    Deadline(long at) {
      this.at = at;
    }
  }

  Connections(Vertx vertx, Duration headerTimeout, Duration idleTimeout) {
    this.vertx = vertx;
    this.headerTimeoutNanos = headerTimeout.toNanos();
    this.keepAliveNanos = Math.max(headerTimeout.toNanos(), idleTimeout.toNanos());
    this.lingerNanos = Math.min(headerTimeout.toNanos(), LINGER.toNanos());
  }

  /**
   * One periodic sweep per event loop rather than a timer per request: a request costs two
   * field writes, and a deadline is kept within a quarter of the header timeout (at most 1 s).
   */
  void start() {
    long period = Math.max(50, Math.min(1000, headerTimeoutNanos / 4 / 1_000_000));
    sweeper = vertx.setPeriodic(period, id -> sweep(System.nanoTime()));
  }

  void stop() {
    vertx.cancelTimer(sweeper);
  }

  void opened(HttpConnection connection) {
    deadlines.put(connection, new Deadline(System.nanoTime() + headerTimeoutNanos));
    connection.closeHandler(v -> deadlines.remove(connection));
  }

  /** The router's first handler. */
  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpConnection connection = request.connection();
    Deadline deadline = deadlines.get(connection);
    if (deadline != null) {
      deadline.at = 0;
    }
    if (request.version() == HttpVersion.HTTP_2) {
      // streams share the connection: HTTP/2 has its own flow control, the idle timeout stays
      deadlines.remove(connection);
      ctx.next();
      return;
    }
    if (!framedUnambiguously(request)) {
      // where this request ends, and so where the next begins, cannot be known: close
      ctx.addEndHandler(v -> connection.close());
      ctx.fail(new ProblemException(ProblemType.BAD_REQUEST, "send either Content-Length or "
          + "Transfer-Encoding: chunked, not both, and no other transfer coding"));
      return;
    }
    ctx.addEndHandler(v -> responded(request, connection, deadline));
    ctx.next();
  }

  private void responded(HttpServerRequest request, HttpConnection connection,
      @Nullable Deadline deadline) {
    if (deadline == null) {
      return;
    }
    if (request.isEnded() || !announcesBody(request)) {
      // a bodiless request held for authentication: let its end through
      request.resume();
      deadline.at = System.nanoTime() + keepAliveNanos;
      return;
    }
    request.handler(dropped -> { });
    request.endHandler(v -> deadline.at = System.nanoTime() + keepAliveNanos);
    deadline.at = System.nanoTime() + lingerNanos;
    request.resume();
  }

  private void sweep(long now) {
    List<HttpConnection> late = new ArrayList<>();
    deadlines.forEach((connection, deadline) -> {
      if (deadline.at != 0 && deadline.at - now <= 0) {
        late.add(connection);
      }
    });
    for (HttpConnection connection : late) {
      deadlines.remove(connection);
      connection.close();
    }
  }

  static boolean framedUnambiguously(HttpServerRequest request) {
    String coding = request.getHeader("Transfer-Encoding");
    if (coding == null) {
      return true;
    }
    return request.getHeader("Content-Length") == null
        && request.headers().getAll("Transfer-Encoding").size() == 1
        && coding.trim().toLowerCase(Locale.ROOT).equals("chunked");
  }

  static boolean announcesBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    return request.getHeader("Transfer-Encoding") != null
        || (length != null && !length.trim().equals("0"));
  }
}
