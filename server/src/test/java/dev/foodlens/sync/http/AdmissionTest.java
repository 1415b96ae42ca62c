package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.app.Gateway;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Overload protection: per-user token buckets (429) and the in-flight bound (503). */
class AdmissionTest {
  static TestDatabase db;
  static TestGateway gw;
  /** Holds the write of user "slow" between its ledger claim and its effect. */
  static final CountDownLatch CLAIMED = new CountDownLatch(1);
  static volatile Promise<Void> release;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(AdmissionTest.class);
    gw = TestGateway.on(db)
        .env("FOODLENS_LIMITS_USER_RATE", "1")
        .env("FOODLENS_LIMITS_USER_BURST", "3")
        .env("FOODLENS_LIMITS_MAX_IN_FLIGHT", "1")
        .seams(new Gateway.Seams(HybridClock.system(), Clock.systemUTC(), userId -> {
          if (!userId.equals("slow")) {
            return Future.succeededFuture();
          }
          release = Promise.promise();
          CLAIMED.countDown();
          return release.future();
        }))
        .start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  @Test
  void userOverBurst_gets429WithRetryAfter_othersDoNot() {
    String token = TestTokens.user("burst-" + UUID.randomUUID());
    for (int i = 0; i < 3; i++) {
      assertThat(admitted("/me/profile", token).statusCode()).isEqualTo(200);
    }
    HttpResponse<Buffer> limited = admitted("/me/profile", token);
    ErrorTableTest.assertProblem(limited, 429, "rate-limited");
    assertThat(Long.parseLong(limited.getHeader("Retry-After"))).isPositive();
    assertThat(admitted("/me/profile", TestTokens.user("other-" + UUID.randomUUID()))
        .statusCode()).isEqualTo(200);
  }

  /**
   * A GET past the one-request in-flight bound: the slot of the previous answer is freed when the
   * server has finished writing it, which the client may beat; shedding spends no rate budget.
   */
  private static HttpResponse<Buffer> admitted(String path, String token) {
    return admitted(() -> gw.get(path, token));
  }

  /** Any request the same way; only safe to repeat, as shedding happens before anything else. */
  private static HttpResponse<Buffer> admitted(Supplier<HttpResponse<Buffer>> send) {
    HttpResponse<Buffer> r = send.get();
    for (int i = 0; i < 50 && r.statusCode() == 503; i++) {
      r = send.get();
    }
    return r;
  }

  /** Issue 12 item 5: the budget counts work, so a 10-op push spends ten units, not one. */
  @Test
  void pushOps_spendTheBudgetByTheOp_thenTheUserWaits() {
    String token = TestTokens.user("ops-" + UUID.randomUUID());
    StringBuilder ops = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      ops.append(i == 0 ? "" : ",").append("{\"opId\":\"").append(UUID.randomUUID())
          .append("\",\"entity\":\"settings\",\"action\":\"patch\",")
          .append("\"payload\":{\"fields\":{\"units\":\"imperial\"}},")
          .append("\"clientTs\":\"2026-11-24T10:00:00Z\"}");
    }

    HttpResponse<Buffer> push = admitted(() -> gw.request(HttpMethod.POST, "/me/sync/push")
        .bearerTokenAuthentication(token).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"deviceId\":\"phone\",\"ops\":[" + ops + "]}")).await());

    assertThat(push.statusCode()).as(push.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> next = admitted("/me/profile", token);
    ErrorTableTest.assertProblem(next, 429, "rate-limited");
    // 3 - 10 units leaves a debt of 7 at 1 unit/s: about 8 s until one unit is there.
    assertThat(Long.parseLong(next.getHeader("Retry-After"))).isBetween(6L, 9L);
  }

  @Test
  void migrateRecords_spendTheBudgetByTheRecord() {
    String token = TestTokens.user("records-" + UUID.randomUUID());
    StringBuilder allergies = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      allergies.append(i == 0 ? "" : ",").append("{\"allergen\":\"a").append(i).append("\"}");
    }

    UUID key = UUID.randomUUID();
    HttpResponse<Buffer> migrate = admitted(() -> gw.write(HttpMethod.POST, "/me/migrate", token,
        key, "{\"source\":\"legacy-v1\",\"deviceId\":\"phone\","
            + "\"complete\":true,\"records\":{\"allergies\":[" + allergies + "]}}"));

    assertThat(migrate.statusCode()).as(migrate.bodyAsString()).isEqualTo(200);
    ErrorTableTest.assertProblem(admitted("/me/profile", token), 429, "rate-limited");
  }

  @Test
  void requestsBeyondTheInFlightBound_areShedWith503_livenessAndManagementStillAnswer()
      throws Exception {
    Map<String, String> overload = Map.of("reason", "overload");
    double shedBefore = gw.metric("foodlens_unavailable_responses_total", overload);
    Future<HttpResponse<Buffer>> held = gw.writeRequest(HttpMethod.PATCH, "/me/profile",
        TestTokens.user("slow"), UUID.randomUUID())
        .sendBuffer(Buffer.buffer("{\"fields\":{\"displayName\":\"slow\"}}"));
    assertThat(CLAIMED.await(10, TimeUnit.SECONDS)).isTrue();
    HttpResponse<Buffer> shed = gw.get("/me/profile", TestTokens.user("u-" + UUID.randomUUID()));
    ErrorTableTest.assertProblem(shed, 503, "unavailable");
    assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
    assertThat(gw.request(HttpMethod.GET, "/healthz").send().await().statusCode())
        .isEqualTo(200);
    ErrorTableTest.assertProblem(gw.request(HttpMethod.GET, "/readyz").send().await(), 503,
        "unavailable");
    assertThat(gw.manage("/readyz").statusCode()).as("the operators' port is not shed")
        .isEqualTo(200);
    assertThat(gw.metricReaching("foodlens_unavailable_responses_total", overload,
        shedBefore + 2)).as("the shed GET and the shed probe").isEqualTo(shedBefore + 2);
    assertThat(gw.metricReaching("foodlens_unavailable_responses_total",
        Map.of("reason", "unavailable"), 0)).isZero();
    release.complete();
    assertThat(held.await().statusCode()).isEqualTo(200);
    // The slot frees when the server has finished the response, a moment after the client has it.
    int status = 0;
    for (int i = 0; i < 100 && status != 200; i++) {
      Thread.sleep(20);
      status = gw.get("/me/profile", TestTokens.user("u-" + UUID.randomUUID())).statusCode();
    }
    assertThat(status).isEqualTo(200);
  }
}
