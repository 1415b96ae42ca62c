package dev.foodlens.sync.http;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The first handler of every request: fixes its request id and device id (contract §1–§2) and
 * notes the start time for the access log.
 */
final class RequestIds {
  static final String REQUEST_ID = "requestId";
  static final String DEVICE_ID = "deviceId";
  static final String STARTED = "startedNanos";
  /** Both the request id and the device id are tokens of this shape. */
  static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private RequestIds() {}

  static void handle(RoutingContext ctx) {
    ctx.put(STARTED, System.nanoTime());
    String offered = ctx.request().getHeader("X-Request-Id");
    String id = offered != null && TOKEN.matcher(offered).matches() ? offered : newId();
    ctx.put(REQUEST_ID, id);
    ctx.response().putHeader("X-Request-Id", id);
    String device = ctx.request().getHeader("X-Device-Id");
    if (device != null && !TOKEN.matcher(device).matches()) {
      ctx.fail(new ProblemException(ProblemType.BAD_REQUEST,
          "X-Device-Id must be 1-128 characters of [A-Za-z0-9._-]"));
      return;
    }
    ctx.put(DEVICE_ID, device == null ? "" : device);
    if (!hasDecodableQuery(ctx)) {
      ctx.fail(new ProblemException(ProblemType.BAD_REQUEST,
          "the query string is not valid percent-encoding"));
      return;
    }
    ctx.next();
  }

  /** Netty throws on bad percent-encoding ("%%") when a route reads a parameter: a 400, once. */
  private static boolean hasDecodableQuery(RoutingContext ctx) {
    try {
      ctx.request().params();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * A random (version 4) UUID from a thread-local generator: request ids need to be unique, not
   * unguessable, and {@link UUID#randomUUID} takes the secure generator on every request.
   */
  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  static String requestId(RoutingContext ctx) {
    String id = ctx.get(REQUEST_ID);
    return id == null ? "" : id;
  }

  static String deviceId(RoutingContext ctx) {
    String id = ctx.get(DEVICE_ID);
    return id == null ? "" : id;
  }

  static @Nullable Long startedNanos(RoutingContext ctx) {
    return ctx.get(STARTED);
  }
}
