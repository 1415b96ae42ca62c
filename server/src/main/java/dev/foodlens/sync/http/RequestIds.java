package dev.foodlens.sync.http;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The request id and device id of a request (contract §1–§2), fixed by the {@link Edge} and kept
 * in its {@link Edge.Request}.
 */
final class RequestIds {
  static final String EDGE = "edge";
  /** Both the request id and the device id are tokens of this shape. */
  static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private RequestIds() {}

  /**
   * Takes the client's {@code X-Request-Id} when it is a token, else a new one, and echoes it;
   * takes {@code X-Device-Id}. Answers the problem with the request's head, or null.
   */
  static @Nullable String fix(RoutingContext ctx, Edge.Request request) {
    String offered = ctx.request().getHeader("X-Request-Id");
    String id = offered != null && TOKEN.matcher(offered).matches() ? offered : newId();
    request.requestId = id;
    ctx.response().putHeader("X-Request-Id", id);
    String device = ctx.request().getHeader("X-Device-Id");
    if (device != null && !TOKEN.matcher(device).matches()) {
      return "X-Device-Id must be 1-128 characters of [A-Za-z0-9._-]";
    }
    request.deviceId = device == null ? "" : device;
    return hasDecodableQuery(ctx) ? null : "the query string is not valid percent-encoding";
  }

  /** Netty throws on bad percent-encoding ("%%") when a route reads a parameter: a 400, once. */
  private static boolean hasDecodableQuery(RoutingContext ctx) {
    if (ctx.request().query() == null) {
      return true;
    }
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
    Edge.Request request = ctx.get(EDGE);
    return request == null ? "" : request.requestId;
  }

  /** The trace id of the request's span, empty when traces are off. */
  static String traceId(RoutingContext ctx) {
    Edge.Request request = ctx.get(EDGE);
    return request == null ? "" : request.traceId;
  }

  static String deviceId(RoutingContext ctx) {
    Edge.Request request = ctx.get(EDGE);
    return request == null ? "" : request.deviceId;
  }
}
