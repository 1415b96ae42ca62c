package dev.foodlens.sync.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Shapes the meters Vert.x records for the HTTP server ({@code vertx_http_server_*}).
 *
 * <p>Labels: vertx-web reports every route a request matched, joined by {@code >} (the
 * writes-paused gate {@code /me/*}, then {@code /me/profile}); the last one is the route that
 * answered, so that is the {@code route} label, and a request no route matched is
 * {@code unmatched}. Routes are path templates ({@code /me/allergies/:allergen}), never raw paths.
 * A method outside the standard ones is {@code OTHER}: any client can send any method token.
 *
 * <p>Latency: the response-time timer gets fixed histogram buckets, so that Prometheus can take
 * percentiles across instances with {@code histogram_quantile}.
 */
final class HttpServerMeters {
  static final String PREFIX = "vertx.http.server.";
  static final String RESPONSE_TIME = PREFIX + "response.time";
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH",
      "DELETE", "OPTIONS", "TRACE", "CONNECT");
  private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private HttpServerMeters() {}

  static void configure(MeterRegistry registry) {
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().startsWith(PREFIX) ? id.replaceTags(tags(id)) : id;
      }

      @Override
      public DistributionStatisticConfig configure(Meter.Id id,
          DistributionStatisticConfig config) {
        if (!id.getName().equals(RESPONSE_TIME)) {
          return config;
        }
        double[] slos = new double[BUCKETS.length];
        for (int i = 0; i < BUCKETS.length; i++) {
          slos[i] = BUCKETS[i].toNanos();
        }
        return DistributionStatisticConfig.builder().serviceLevelObjectives(slos).build()
            .merge(config);
      }
    });
  }

  private static List<Tag> tags(Meter.Id id) {
    List<Tag> tags = new ArrayList<>();
    for (Tag tag : id.getTagsAsIterable()) {
      if (tag.getKey().equals("route")) {
        tags.add(Tag.of("route", route(tag.getValue())));
      } else if (tag.getKey().equals("method")) {
        tags.add(Tag.of("method", METHODS.contains(tag.getValue()) ? tag.getValue() : "OTHER"));
      } else {
        tags.add(tag);
      }
    }
    return tags;
  }

  /** The last route of vertx-web's {@code a>b>c} chain; {@code unmatched} when there is none. */
  static String route(String chain) {
    String last = chain.substring(chain.lastIndexOf('>') + 1);
    return last.isEmpty() ? "unmatched" : last;
  }
}
