package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Contract §7 / issue 12 item 6: /metrics on the management listener only. */
class ManagementListenerTest {
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(ManagementListenerTest.class);
    gw = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  @Test
  void metrics_onTheApiPort_is404NotFound() {
    for (String path : new String[] {"/metrics", "/metrics/", "/metrics/.", "/Metrics",
        "/metrics?x=1", "//metrics"}) {
      HttpResponse<Buffer> r = gw.request(HttpMethod.GET, path).send().await();
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.bodyAsString()).as(path).doesNotContain("# TYPE");
    }
    ErrorTableTest.assertProblem(gw.request(HttpMethod.GET, "/metrics").send().await(), 404,
        "not-found");
  }

  @Test
  void metrics_onTheManagementPort_isThePrometheusExposition() {
    HttpResponse<Buffer> r = gw.manage("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
    assertThat(r.bodyAsString()).contains("# TYPE");
  }

  @Test
  void probes_answerOnBothPorts() {
    for (String path : new String[] {"/healthz", "/readyz"}) {
      assertThat(gw.request(HttpMethod.GET, path).send().await().statusCode()).as(path)
          .isEqualTo(200);
      assertThat(gw.manage(path).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void managementPort_servesNoApi() {
    ErrorTableTest.assertProblem(gw.manage("/me/profile"), 404, "not-found");
    ErrorTableTest.assertProblem(gw.manage("/admin/toggles"), 404, "not-found");
  }
}
