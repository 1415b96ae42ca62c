package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Traces, captured in memory: a server span per request that continues the caller's W3C
 * {@code traceparent}, a client span per SQL statement under it, and the trace id in the
 * problem body beside the request id.
 */
class TracingTest {
  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    db = TestDatabase.create(TracingTest.class);
    gw = TestGateway.on(db).tracing(sdk).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  @BeforeEach
  void clear() {
    SPANS.reset();
  }

  /** The spans of {@code traceId}, once the server span has ended (after the response). */
  private static List<SpanData> trace(String traceId) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      List<SpanData> spans = SPANS.getFinishedSpanItems().stream()
          .filter(s -> s.getTraceId().equals(traceId)).toList();
      if (spans.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER)) {
        return spans;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no server span for trace " + traceId);
  }

  @Test
  void aCallersTraceparent_isContinued_sqlSpansAreChildrenOfTheRequestSpan() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parentSpan = "00f067aa0ba902b7";
    HttpResponse<Buffer> r = gw.writeRequest(HttpMethod.PATCH, "/me/profile",
            TestTokens.user("u-" + UUID.randomUUID()), UUID.randomUUID())
        .putHeader("traceparent", "00-" + traceId + "-" + parentSpan + "-01")
        .sendBuffer(Buffer.buffer("{\"fields\":{\"displayName\":\"Ada\"}}")).await();
    assertThat(r.statusCode()).isEqualTo(200);

    List<SpanData> spans = trace(traceId);
    SpanData server = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst()
        .orElseThrow();
    assertThat(server.getParentSpanId()).as("the caller's span is the parent")
        .isEqualTo(parentSpan);
    List<SpanData> sql = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    assertThat(sql).as("a span per SQL statement").isNotEmpty();
    assertThat(sql).allSatisfy(s -> {
      assertThat(s.getParentSpanId()).isEqualTo(server.getSpanId());
      assertThat(s.getAttributes().asMap().keySet().toString()).contains("db.");
    });
  }

  @Test
  void withoutTraceparent_aNewTrace_itsIdInTheProblemBodyAndTheAccessLine() throws Exception {
    Logger access = (Logger) LoggerFactory.getLogger("foodlens.access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    access.setLevel(Level.INFO);
    access.setAdditive(false);
    access.addAppender(lines);
    HttpResponse<Buffer> r;
    try {
      r = gw.request(HttpMethod.GET, "/me/profile").send().await();
      String id = r.getHeader("X-Request-Id");
      for (int i = 0; i < 100 && lines.list.stream().noneMatch(e -> e.getKeyValuePairs()
          .stream().anyMatch(kv -> kv.value.equals(id))); i++) {
        Thread.sleep(20);
      }
    } finally {
      access.detachAppender(lines);
      access.setLevel(null);
      access.setAdditive(true);
    }
    assertThat(r.statusCode()).isEqualTo(401);
    String traceId = r.bodyAsJsonObject().getString("traceId");
    assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    assertThat(r.bodyAsJsonObject().getString("requestId")).isNotBlank();
    SpanData server = trace(traceId).stream().filter(s -> s.getKind() == SpanKind.SERVER)
        .findFirst().orElseThrow();
    assertThat(server.getParentSpanContext().isValid()).isFalse();
    assertThat(lines.list).anySatisfy(e -> assertThat(e.getKeyValuePairs())
        .anyMatch(kv -> kv.key.equals("trace.id") && kv.value.equals(traceId)));
  }
}
