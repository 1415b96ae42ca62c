package dev.foodlens.sync.app;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Traces are off unless {@code OTEL_TRACES_EXPORTER} names an exporter ({@code otlp},
 * {@code console}, ...): then the OpenTelemetry SDK is built by its autoconfiguration from the
 * standard {@code OTEL_*} variables (endpoint, sampler, service name, propagators; W3C
 * {@code traceparent} by default). Off, no SDK is built and Vert.x gets no tracer, so a request
 * costs nothing for it.
 */
final class Tracing {
  private Tracing() {}

  /** The SDK the environment describes, or null when traces are off. */
  static @Nullable OpenTelemetry fromEnvironment(Map<String, String> env) {
    String exporter = env.get("OTEL_TRACES_EXPORTER");
    if (exporter == null || exporter.isBlank() || exporter.trim().equals("none")) {
      return null;
    }
    // Traces only: metrics stay Prometheus's, logs stay stderr's, unless the variables say so.
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> Map.of("otel.metrics.exporter", "none",
            "otel.logs.exporter", "none", "otel.service.name", "foodlens-sync"))
        .build().getOpenTelemetrySdk();
  }
}
