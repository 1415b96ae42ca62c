package dev.foodlens.sync.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP/1 connection rules of one listener instance (confined to its event loop):
 * <ul>
 *   <li>the head of the first request must arrive within the header timeout of the connection
 *       opening, the head of each next one within the idle timeout of the previous response
 *       ending: a slow or silent client is closed (the idle timeout alone lets a client that
 *       sends one byte a minute hold a socket forever);
 *   <li>a response that ends before its request's body was read closes the connection: the
 *       unread bytes must never be taken for the next request, and nothing waits for them;
 *   <li>a request whose framing two parsers could read differently (request smuggling behind
 *       a proxy) is refused before anything reads it: {@code Content-Length} together with
 *       {@code Transfer-Encoding}, or any transfer coding but a lone {@code chunked}.
 * </ul>
 */
final class Connections {
  private final Vertx vertx;
  private final long headerTimeoutMillis;
  private final long keepAliveMillis;
  private final Map<HttpConnection, Long> deadlines = new HashMap<>();

  Connections(Vertx vertx, Duration headerTimeout, Duration idleTimeout) {
    this.vertx = vertx;
    this.headerTimeoutMillis = headerTimeout.toMillis();
    this.keepAliveMillis = Math.max(headerTimeout.toMillis(), idleTimeout.toMillis());
  }

  void opened(HttpConnection connection) {
    arm(connection, headerTimeoutMillis);
    connection.closeHandler(v -> disarm(connection));
  }

  /** The router's first handler. */
  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpConnection connection = request.connection();
    disarm(connection);
    if (request.version() == HttpVersion.HTTP_2) {
      ctx.next();
      return;
    }
    ctx.addEndHandler(v -> responded(request, connection));
    if (!framedUnambiguously(request)) {
      ctx.fail(new ProblemException(ProblemType.BAD_REQUEST, "send either Content-Length or "
          + "Transfer-Encoding: chunked, not both, and no other transfer coding"));
      return;
    }
    ctx.next();
  }

  private void responded(HttpServerRequest request, HttpConnection connection) {
    if (!request.isEnded() && announcesBody(request)) {
      connection.close();
      return;
    }
    // a bodiless request held for authentication: let its end through
    request.resume();
    arm(connection, keepAliveMillis);
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

  private void arm(HttpConnection connection, long millis) {
    disarm(connection);
    deadlines.put(connection, vertx.setTimer(millis, id -> {
      deadlines.remove(connection);
      connection.close();
    }));
  }

  private void disarm(HttpConnection connection) {
    Long timer = deadlines.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
