package dev.foodlens.sync.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP server's meters ({@code vertx_http_server_*}), recorded by the gateway's edge rather
 * than by vertx-micrometer (issue 13): Vert.x built tag lists and looked its meters up three times
 * per request (requests, response time, request and response bytes); here a response costs one
 * map lookup of meters resolved once per route, method and status, a counter increment and a
 * timer record. The series keep their names and labels, so dashboards and alerts are unchanged.
 *
 * <p>Labels: {@code route} is the template of the route that answered
 * ({@code /me/allergies/:allergen}, never a raw path), {@code unmatched} when none did; a
 * method outside the standard ones is {@code OTHER}: any client can send any method token.
 *
 * <p>Latency: the response-time timer has fixed histogram buckets, so that Prometheus can take
 * percentiles across instances with {@code histogram_quantile}.
 */
final class HttpServerMeters {
  static final String PREFIX = "vertx.http.server.";
  static final String REQUESTS = PREFIX + "requests";
  static final String RESPONSE_TIME = PREFIX + "response.time";
  static final String ACTIVE = PREFIX + "active.requests";
  static final String UNMATCHED = "unmatched";
  private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH",
      "DELETE", "OPTIONS", "TRACE", "CONNECT", "OTHER");
  private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private record Key(String route, String method, int code) {}

  private record Meters(Counter requests, Timer time) {}

  private final MeterRegistry registry;
  private final Map<Key, Meters> meters = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> active = new HashMap<>();

  HttpServerMeters(MeterRegistry registry) {
    this.registry = registry;
    for (String method : METHODS) {
      AtomicLong inFlight = new AtomicLong();
      active.put(method, inFlight);
      Gauge.builder(ACTIVE, inFlight, AtomicLong::get).tag("method", method)
          .description("Requests being processed").register(registry);
    }
  }

  /** A request began ({@code +1}) or ended ({@code -1}). */
  void active(String method, int delta) {
    Metrics.registered(active, method(method)).addAndGet(delta);
  }

  /** One response sent by the route with template {@code route} (null: none matched). */
  void responded(@Nullable String route, String method, int code, long nanos) {
    Key key = new Key(route == null ? UNMATCHED : route, method(method), code);
    Meters m = meters.get(key);
    if (m == null) {
      m = meters.computeIfAbsent(key, this::register);
    }
    m.requests().increment();
    m.time().record(nanos, TimeUnit.NANOSECONDS);
  }

  private Meters register(Key key) {
    String code = String.valueOf(key.code());
    return new Meters(
        Counter.builder(REQUESTS).tag("route", key.route()).tag("method", key.method())
            .tag("code", code).description("Number of processed requests").register(registry),
        Timer.builder(RESPONSE_TIME).tag("route", key.route()).tag("method", key.method())
            .tag("code", code).serviceLevelObjectives(BUCKETS)
            .description("Request processing time").register(registry));
  }

  private String method(String method) {
    return active.containsKey(method) ? method : "OTHER";
  }
}
