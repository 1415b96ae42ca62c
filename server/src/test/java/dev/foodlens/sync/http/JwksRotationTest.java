package dev.foodlens.sync.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.foodlens.sync.app.Gateway;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.store.WriteHooks;
import dev.foodlens.sync.testing.MutableClock;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keys that rotate (issue 17): a local HTTP server plays the identity provider's JWKS endpoint,
 * its key set changed by the test, its fetches counted. The gateway's wall clock is the test's,
 * so the refresh rate limit ({@code auth.jwksMinInterval}, 30 s) passes only when the test
 * moves it; the timed refresh is real, and waited for by polling.
 */
class JwksRotationTest {
  static final KeyPair A = TestTokens.rsaKeyPair();
  static final KeyPair B = TestTokens.ecKeyPair();
  static final KeyPair STRANGER = TestTokens.rsaKeyPair();
  static final String PATH = "/.well-known/jwks.json";
  static TestDatabase db;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(JwksRotationTest.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** The identity provider's endpoint: answers what the test set last, counts the requests. */
  static final class Provider implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile int status = 200;
    private volatile String body = "";

    Provider(JsonObject... keys) throws IOException {
      publish(keys);
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(PATH, exchange -> {
        fetches.incrementAndGet();
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      });
      server.start();
    }

    void publish(JsonObject... keys) {
      answer(200, new JsonObject().put("keys", new JsonArray(List.of((Object[]) keys))).encode());
    }

    void answer(int status, String body) {
      this.body = body;
      this.status = status;
    }

    int fetches() {
      return fetches.get();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** A gateway that verifies with the provider's keys only (no HMAC secret) unless told. */
  private static TestGateway gateway(Provider idp, MutableClock clock, String refresh,
      boolean alsoHmac) {
    TestGateway.Builder builder = TestGateway.on(db)
        .env("FOODLENS_AUTH_JWKS_URL", idp.url())
        .env("FOODLENS_AUTH_JWKS_REFRESH", refresh)
        .env("FOODLENS_AUTH_JWKS_MIN_INTERVAL", "30s")
        .seams(new Gateway.Seams(HybridClock.system(), clock, WriteHooks.NONE));
    return (alsoHmac ? builder : builder.env("FOODLENS_AUTH_HMAC_SECRET", "")).start();
  }

  /** A fresh token (its own {@code sub}, so never one the gateway has verified before). */
  private static String token(KeyPair key, String kid) {
    JsonObject claims = TestTokens.claims("user-" + UUID.randomUUID())
        .put("exp", Instant.now().plus(Duration.ofDays(1)).getEpochSecond());
    return TestTokens.signed(claims, key.getPrivate(), kid);
  }

  private static int status(TestGateway gw, String token) {
    return gw.get("/me/profile", token).statusCode();
  }

  private static void refusedForItsKey(HttpResponse<Buffer> r) {
    AuthTest.assertUnauthorized(r);
    assertThat(r.bodyAsJsonObject().getString("detail"))
        .isEqualTo("the token's key is not among the keys held");
  }

  /** Polls {@code condition} until it holds; fails if it has not after 20 s. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as(what).isNegative();
      Thread.sleep(20);
    }
  }

  private static double metric(TestGateway gw, String name, String outcome) {
    return gw.metric(name, outcome.isEmpty() ? Map.of() : Map.of("outcome", outcome));
  }

  @Test
  void aNewKid_isFetchedOnceTheIntervalAllows_thenItsTokensAreAccepted() throws Exception {
    MutableClock clock = MutableClock.now();
    try (Provider idp = new Provider(TestTokens.jwk(A.getPublic(), "a"));
        TestGateway gw = gateway(idp, clock, "1h", true)) {
      assertThat(idp.fetches()).as("fetched before serving").isEqualTo(1);
      String tokenA = token(A, "a");
      assertThat(status(gw, tokenA)).isEqualTo(200);
      assertThat(status(gw, TestTokens.user("carol"))).as("the HMAC secret beside the URL")
          .isEqualTo(200);

      idp.publish(TestTokens.jwk(A.getPublic(), "a"), TestTokens.jwk(B.getPublic(), "b"));
      refusedForItsKey(gw.get("/me/profile", token(B, "b")));
      assertThat(idp.fetches()).as("the last fetch is under 30 s old: not asked again")
          .isEqualTo(1);

      clock.advance(Duration.ofSeconds(30));
      assertThat(status(gw, token(B, "b"))).as("ES256, after one fetch").isEqualTo(200);
      assertThat(idp.fetches()).isEqualTo(2);
      assertThat(status(gw, tokenA)).as("A is still published: its token stays valid")
          .isEqualTo(200);
      assertThat(metric(gw, "foodlens_jwks_refresh_total", "success")).isEqualTo(2);
      assertThat(metric(gw, "foodlens_jwks_keys", "")).isEqualTo(2);
    }
  }

  @Test
  void unknownKids_askTheProviderAtMostOncePerInterval_sharingTheFetch() throws Exception {
    MutableClock clock = MutableClock.now();
    try (Provider idp = new Provider(TestTokens.jwk(A.getPublic(), "a"));
        TestGateway gw = gateway(idp, clock, "1h", false)) {
      clock.advance(Duration.ofSeconds(30));
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        sent.add(gw.request(HttpMethod.GET, "/me/profile")
            .bearerTokenAuthentication(token(STRANGER, "unknown-" + i)).send());
      }
      Future.all(sent).await();
      sent.forEach(r -> refusedForItsKey(r.result()));
      for (int i = 0; i < 5; i++) {
        refusedForItsKey(gw.get("/me/profile", token(STRANGER, "later-" + i)));
      }
      assertThat(idp.fetches()).as("one at start, one for all the unknown kids").isEqualTo(2);
      assertThat(status(gw, token(A, "a"))).isEqualTo(200);
    }
  }

  @Test
  void aKeyTheProviderDrops_isRefusedAfterTheTimedRefresh_othersStay() throws Exception {
    MutableClock clock = MutableClock.now();
    try (Provider idp = new Provider(TestTokens.jwk(A.getPublic(), "a"),
        TestTokens.jwk(B.getPublic(), "b"));
        TestGateway gw = gateway(idp, clock, "100ms", false)) {
      String tokenA = token(A, "a");
      String tokenB = token(B, "b");
      assertThat(status(gw, tokenA)).isEqualTo(200);
      assertThat(status(gw, tokenA)).as("now remembered as verified").isEqualTo(200);
      assertThat(status(gw, tokenB)).isEqualTo(200);

      idp.publish(TestTokens.jwk(B.getPublic(), "b"));
      await("token A refused once its key is gone", () -> status(gw, tokenA) == 401);
      refusedForItsKey(gw.get("/me/profile", tokenA));
      assertThat(status(gw, tokenB)).isEqualTo(200);
      assertThat(metric(gw, "foodlens_jwks_keys", "")).isEqualTo(1);
    }
  }

  @Test
  void aFailedRefresh_keepsTheLastGoodKeys() throws Exception {
    MutableClock clock = MutableClock.now();
    try (Provider idp = new Provider(TestTokens.jwk(A.getPublic(), "a"));
        TestGateway gw = gateway(idp, clock, "100ms", false)) {
      List<String[]> failures = List.of(new String[] {"500", "{\"error\":\"down\"}"},
          new String[] {"200", "<html>not a key set</html>"},
          new String[] {"200", "{\"keys\":[]}"},
          new String[] {"200", "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0\"}]}"});
      for (String[] failure : failures) {
        double failed = metric(gw, "foodlens_jwks_refresh_total", "failure");
        idp.answer(Integer.parseInt(failure[0]), failure[1]);
        await("a failed refresh counted after " + failure[1], () ->
            metric(gw, "foodlens_jwks_refresh_total", "failure") > failed);
        assertThat(status(gw, token(A, "a"))).as("A kept after " + failure[1]).isEqualTo(200);
      }
      assertThat(metric(gw, "foodlens_jwks_keys", "")).isEqualTo(1);
      assertThat(metric(gw, "foodlens_jwks_last_success_timestamp_seconds", ""))
          .isPositive();
    }
  }

  @Test
  void aFirstFetchThatFails_stopsStartUp_namingTheUrl() throws Exception {
    try (Provider idp = new Provider()) {
      idp.answer(503, "");
      assertThatThrownBy(() -> gateway(idp, MutableClock.now(), "1h", false))
          .hasRootCauseMessage("auth.jwksUrl " + idp.url() + ": the first fetch failed, so no "
              + "token could be verified: HTTP 503");
    }
  }
}
