package dev.foodlens.sync.http;

import dev.foodlens.sync.ops.Metrics;
import io.vertx.ext.web.Router;

/**
 * {@code GET /metrics}: the Prometheus text exposition (contract §7). No token, like the probes:
 * it carries no user data (no label holds an id or a raw path), and the deployment keeps it
 * reachable from the monitoring network only (docs/runbook.md). Rendering is CPU work over a
 * few hundred series, done on the event loop like vertx-micrometer's own scraping handler.
 */
final class MetricsRoutes {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsRoutes() {}

  static void mount(Router router, Metrics metrics) {
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", CONTENT_TYPE)
        .end(metrics.scrape()));
  }
}
