package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.FaultProxy;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The edge's request deadline (issue 13, {@link Edge}): without a timer per request, a request
 * that waits on a Postgres that stopped answering still gets its 503 at about
 * {@code http.requestTimeout}, while what is answered from memory goes on being answered.
 */
class EdgeDeadlineTest {
  static TestDatabase db;
  static FaultProxy proxy;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(EdgeDeadlineTest.class);
    proxy = db.proxy();
    gw = TestGateway.onUri(db.uriVia(proxy))
        .env("FOODLENS_HTTP_INSTANCES", "1")
        .env("FOODLENS_HTTP_REQUEST_TIMEOUT", "1s")
        .start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    proxy.close();
    db.close();
  }

  @Test
  void aRequestStuckOnPostgresAnswers503AtItsDeadline_aCachedReadIsStillAnswered() {
    String token = TestTokens.user("u-" + UUID.randomUUID());
    assertThat(gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"Ada\"}}")
        .statusCode()).isEqualTo(200);
    assertThat(gw.get("/me/profile", token).statusCode()).isEqualTo(200);
    // Postgres answers 8 s late: only the edge's 1 s deadline can answer first
    proxy.delay(Duration.ofSeconds(8));
    try {
      long sent = System.nanoTime();
      HttpResponse<Buffer> stuck = gw.get("/me/sync", token);
      long waitedMillis = (System.nanoTime() - sent) / 1_000_000;
      ErrorTableTest.assertProblem(stuck, 503, "unavailable");
      assertThat(stuck.getHeader("X-Request-Id")).isNotBlank();
      // not a timing threshold: Postgres had not answered yet, so the deadline did
      assertThat(waitedMillis).isLessThan(8_000);
      assertThat(gw.metricReaching("foodlens_unavailable_responses_total",
          Map.of("reason", "timeout"), 1)).isEqualTo(1);
      assertThat(gw.metricReaching("foodlens_unavailable_responses_total",
          Map.of("reason", "unavailable"), 0)).isZero();
      HttpResponse<Buffer> cached = gw.get("/me/profile", token);
      assertThat(cached.statusCode()).isEqualTo(200);
      assertThat(cached.bodyAsJsonObject().getJsonObject("fields").getString("displayName"))
          .isEqualTo("Ada");
    } finally {
      proxy.delay(Duration.ZERO);
    }
  }
}
