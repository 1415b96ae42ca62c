package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.Exposition;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /metrics after a smoke workload (profile writes, a replay, a reused key, cached reads, an
 * allergy conflict opened and resolved, a push sent twice, a 404 and an odd method): every
 * metric the Grafana dashboard queries exists, the foodlens_* series moved, and no label
 * carries a user id, a raw path or a client's method.
 */
class DashboardMetricsTest {
  static final Path DASHBOARD = Path.of("docker/grafana/dashboards/foodlens.json");
  private static final Set<String> PROMQL_WORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
          "unless", "bool", "offset");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  static TestDatabase db;
  static TestGateway gw;
  static String scrape;
  static final String USER = "metrics-user-" + UUID.randomUUID();
  static final String STRAY = UUID.randomUUID().toString();

  @BeforeAll
  static void startAndRunTheWorkload() {
    db = TestDatabase.create(DashboardMetricsTest.class);
    gw = TestGateway.on(db).start();
    String token = TestTokens.user(USER);
    UUID key = UUID.randomUUID();
    String body = "{\"fields\":{\"displayName\":\"Ana\"}}";
    assertThat(gw.write(HttpMethod.PATCH, "/me/profile", token, key, body).statusCode())
        .isEqualTo(200);
    assertThat(gw.write(HttpMethod.PATCH, "/me/profile", token, key, body)
        .getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(gw.write(HttpMethod.PATCH, "/me/profile", token, key,
        "{\"fields\":{\"displayName\":\"Bo\"}}").statusCode()).isEqualTo(422);
    gw.get("/me/profile", token);
    assertThat(gw.get("/me/profile", token).statusCode()).isEqualTo(200);
    resolveAConflict(token);
    pushTwice(token);
    assertThat(gw.get("/nowhere/" + STRAY, token).statusCode()).isEqualTo(404);
    gw.request(HttpMethod.valueOf("BREW"), "/me/profile").send().await();
    HttpResponse<Buffer> metrics = gw.manage("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
    scrape = metrics.bodyAsString();
  }

  /** Contract §4's two-device story: a concurrent remove and re-add, then the user keeps it. */
  private static void resolveAConflict(String token) {
    long v = gw.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
        "{\"allergen\":\"peanut\"}").bodyAsJsonObject().getLong("version");
    assertThat(gw.write(HttpMethod.DELETE, "/me/allergies/peanut", token, UUID.randomUUID(),
        "{\"observedVersion\":" + v + "}").statusCode()).isEqualTo(200);
    assertThat(gw.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
        "{\"allergen\":\"peanut\",\"observedVersion\":" + v + "}").statusCode()).isEqualTo(200);
    JsonArray open = gw.get("/me/allergies/conflicts", token).bodyAsJsonObject()
        .getJsonArray("conflicts");
    assertThat(open).hasSize(1);
    assertThat(gw.write(HttpMethod.POST, "/me/allergies/conflicts/"
            + open.getJsonObject(0).getString("id") + "/resolve", token, UUID.randomUUID(),
        "{\"decision\":\"keep\"}").statusCode()).isEqualTo(200);
  }

  /** One batch with queue stats, sent again: applied, then duplicate. */
  private static void pushTwice(String token) {
    JsonObject batch = new JsonObject().put("deviceId", "phone-1")
        .put("ops", new JsonArray().add(PushClient.profile("Cy"))
            .add(PushClient.addAllergy("sesame")))
        .put("clientStats", new JsonObject().put("queueDepth", 3)
            .put("oldestPendingSeconds", 42).put("failed", 0));
    PushClient client = new PushClient(gw, token, "phone-1");
    assertThat(client.send(batch).statusCode()).isEqualTo(200);
    assertThat(client.send(batch).statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  @Test
  void everyMetricTheDashboardQueries_isExposed() throws Exception {
    Set<String> queried = dashboardMetrics();
    assertThat(queried).contains("vertx_http_server_requests_total",
        "vertx_http_server_response_time_seconds_bucket", "foodlens_writes_paused",
        "cache_gets_total", "vertx_pool_queue_pending");
    assertThat(new Exposition(scrape).names()).containsAll(queried);
  }

  @Test
  void workload_movesTheFoodlensSeries() {
    Exposition e = new Exposition(scrape);
    for (String outcome : new String[] {"new", "replayed", "reused"}) {
      assertThat(e.sum("foodlens_ledger_outcomes_total", Map.of("outcome", outcome)))
          .as(outcome).isGreaterThanOrEqualTo(1);
    }
    assertThat(e.sum("foodlens_conflicts_total", Map.of("state", "opened"))).isEqualTo(1);
    assertThat(e.sum("foodlens_conflicts_total", Map.of("state", "resolved"))).isEqualTo(1);
    assertThat(e.sum("foodlens_writes_paused", Map.of())).isZero();
    for (String entity : new String[] {"profile", "allergies"}) {
      assertThat(e.sum("foodlens_sync_ops_total", Map.of("entity", entity, "status", "applied")))
          .as(entity).isEqualTo(1);
      assertThat(e.sum("foodlens_sync_ops_total", Map.of("entity", entity,
          "status", "duplicate"))).as(entity).isEqualTo(1);
    }
    assertThat(e.sum("foodlens_client_queue_depth_count", Map.of())).isEqualTo(2);
    assertThat(e.sum("foodlens_client_oldest_pending_seconds_bucket", Map.of("le", "60.0")))
        .isEqualTo(2);
    assertThat(e.sum("cache_gets_total", Map.of("cache", "resources", "result", "hit")))
        .isGreaterThanOrEqualTo(1);
    assertThat(e.sum("cache_gets_total", Map.of("cache", "ledger_front", "result", "hit")))
        .isGreaterThanOrEqualTo(1);
    assertThat(e.sum("vertx_pool_ratio", Map.of("pool_type", "sql",
        "pool_name", "foodlens"))).isGreaterThanOrEqualTo(0);
    assertThat(e.sum("vertx_http_server_requests_total", Map.of("route", "/me/profile",
        "method", "PATCH", "code", "200"))).isGreaterThanOrEqualTo(2);
    assertThat(e.sum("vertx_http_server_response_time_seconds_bucket",
        Map.of("route", "/me/profile", "le", "+Inf"))).isGreaterThanOrEqualTo(5);
    assertThat(e.names()).contains("jvm_memory_used_bytes", "jvm_gc_live_data_size_bytes",
        "jvm_threads_live_threads", "process_cpu_usage", "process_uptime_seconds");
  }

  @Test
  void routeLabels_areTemplates_neverRawPathsOrIds() {
    Exposition e = new Exposition(scrape);
    assertThat(e.labelValues("vertx_http_server_requests_total", "route")).contains(
        "/me/profile", "/me/allergies/:allergen", "/me/allergies/conflicts/:id/resolve",
        "unmatched");
    assertThat(e.labelValues("vertx_http_server_requests_total", "method"))
        .contains("OTHER").doesNotContain("BREW");
    assertThat(scrape).doesNotContain(USER).doesNotContain(STRAY)
        .doesNotContain("/me/allergies/peanut").doesNotContain("path=");
  }

  /** The metric names in every {@code expr} of the dashboard: identifiers not called. */
  static Set<String> dashboardMetrics() throws Exception {
    Set<String> names = new TreeSet<>();
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    for (Object p : dashboard.getJsonArray("panels")) {
      for (Object t : ((JsonObject) p).getJsonArray("targets")) {
        names.addAll(metricNames(((JsonObject) t).getString("expr")));
      }
    }
    return names;
  }

  static Set<String> metricNames(String expr) {
    String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
      boolean called = bare.substring(m.end()).stripLeading().startsWith("(");
      if (!number && !called && !PROMQL_WORDS.contains(m.group())) {
        names.add(m.group());
      }
    }
    return names;
  }

  @Test
  void metricNames_skipsFunctionsLabelsAndRanges() {
    assertThat(metricNames("histogram_quantile(0.99, sum by (le, route) (rate("
        + "vertx_http_server_response_time_seconds_bucket{code=~\"5..\"}[$__rate_interval])))"
        + " / ignoring (x) max(foodlens_writes_paused) > 1e3"))
        .containsExactlyInAnyOrder("vertx_http_server_response_time_seconds_bucket",
            "foodlens_writes_paused");
  }
}
