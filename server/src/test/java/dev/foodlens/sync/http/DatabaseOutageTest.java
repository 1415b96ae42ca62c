package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.FaultProxy;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.http.HttpMethod;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Postgres goes away and comes back (issue 6): the gateway answers 503 unavailable and /readyz
 * 503 meanwhile, and recovers by itself, without a restart. The outage is a TCP proxy between
 * the gateway and Postgres that cuts every connection.
 */
class DatabaseOutageTest {
  static TestDatabase db;
  static FaultProxy proxy;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(DatabaseOutageTest.class);
    proxy = db.proxy();
    gw = TestGateway.onUri(db.uriVia(proxy))
        .env("FOODLENS_PG_CONNECT_TIMEOUT", "500ms")
        .env("FOODLENS_PG_POOL_WAIT_TIMEOUT", "1s")
        .start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    proxy.close();
    db.close();
  }

  private static int eventually(IntSupplier status, int expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    int seen = status.getAsInt();
    while (seen != expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      seen = status.getAsInt();
    }
    return seen;
  }

  @Test
  void outage_answers503_thenRecoversWithoutRestart() throws Exception {
    String token = TestTokens.user("u-" + UUID.randomUUID());
    assertThat(gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"up\"}}")
        .statusCode()).isEqualTo(200);

    proxy.mode(FaultProxy.Mode.REFUSE);
    ErrorTableTest.assertProblem(
        gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"down\"}}"), 503,
        "unavailable");
    ErrorTableTest.assertProblem(gw.get("/me/sync", token), 503, "unavailable");
    assertThat(eventually(() -> readyz(), 503)).isEqualTo(503);

    proxy.mode(FaultProxy.Mode.PASS);
    assertThat(eventually(() -> readyz(), 200)).isEqualTo(200);
    assertThat(eventually(() -> gw.patch("/me/profile", token,
        "{\"fields\":{\"displayName\":\"back\"}}").statusCode(), 200)).isEqualTo(200);
    assertThat(gw.get("/me/profile", token).bodyAsJsonObject().getJsonObject("fields")
        .getString("displayName")).isEqualTo("back");
  }

  @Test
  void partition_answers503_withinTheTimeouts() {
    proxy.mode(FaultProxy.Mode.BLACKHOLE);
    try {
      ErrorTableTest.assertProblem(gw.get("/me/sync", TestTokens.user("u-" + UUID.randomUUID())),
          503, "unavailable");
    } finally {
      proxy.mode(FaultProxy.Mode.PASS);
    }
  }

  private static int readyz() {
    return gw.request(HttpMethod.GET, "/readyz").send().await().statusCode();
  }
}
