package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every row of the contract's error table (api-contract.md §1) that this slice serves: status,
 * content type, slug and the request id in the body.
 */
class ErrorTableTest {
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(ErrorTableTest.class);
    gw = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  static void assertProblem(HttpResponse<Buffer> r, int status, String slug) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo("https://foodlens.dev/problems/" + slug);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
    assertThat(problem.getString("instance")).startsWith("/");
    assertThat(problem.getString("requestId")).isEqualTo(r.getHeader("X-Request-Id")).isNotBlank();
  }

  private final String token = TestTokens.user("errors-" + UUID.randomUUID());

  @Test
  void malformedJson_400() {
    assertProblem(gw.patch("/me/profile", token, "{\"fields\": {"), 400, "malformed-json");
    assertProblem(gw.patch("/me/profile", token, "[1,2]"), 400, "malformed-json");
    assertProblem(gw.patch("/me/profile", token, ""), 400, "malformed-json");
  }

  @Test
  void wrongContentType_415() {
    HttpResponse<Buffer> r = gw.request(HttpMethod.PATCH, "/me/profile")
        .bearerTokenAuthentication(token).putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{}")).await();
    assertProblem(r, 415, "unsupported-media-type");
  }

  @Test
  void missingOrMalformedIdempotencyKey_400() {
    HttpResponse<Buffer> missing = gw.request(HttpMethod.PATCH, "/me/profile")
        .bearerTokenAuthentication(token).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"fields\":{}}")).await();
    assertProblem(missing, 400, "idempotency-key-required");
    HttpResponse<Buffer> malformed = gw.request(HttpMethod.PATCH, "/me/profile")
        .bearerTokenAuthentication(token).putHeader("Idempotency-Key", "1-2-3-4-5")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"fields\":{}}")).await();
    assertProblem(malformed, 400, "idempotency-key-required");
  }

  @Test
  void missingToken_401WithWwwAuthenticate() {
    HttpResponse<Buffer> r = gw.request(HttpMethod.GET, "/me/profile").send().await();
    assertProblem(r, 401, "unauthorized");
    assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void unknownRoute_404() {
    assertProblem(gw.get("/me/nothing-here", token), 404, "not-found");
  }

  @Test
  void wrongMethod_405WithAllow() {
    HttpResponse<Buffer> r = gw.request(HttpMethod.DELETE, "/me/profile")
        .bearerTokenAuthentication(token).send().await();
    assertProblem(r, 405, "method-not-allowed");
    assertThat(r.getHeader("Allow")).isEqualTo("GET, PATCH");
  }

  /** The probes are GET only, on both listeners: anything else is a 405 naming GET. */
  @Test
  void postToAProbe_405WithAllowGet() {
    WebClient management = WebClient.create(gw.vertx());
    try {
      for (String probe : new String[] {"/healthz", "/readyz"}) {
        HttpResponse<Buffer> api = gw.request(HttpMethod.POST, probe).send().await();
        assertProblem(api, 405, "method-not-allowed");
        assertThat(api.getHeader("Allow")).isEqualTo("GET");
        HttpResponse<Buffer> managed = management
            .post(gw.managementPort(), "127.0.0.1", probe).send().await();
        assertProblem(managed, 405, "method-not-allowed");
        assertThat(managed.getHeader("Allow")).isEqualTo("GET");
      }
    } finally {
      management.close();
    }
  }

  @Test
  void bodyOverLimit_413() {
    String big = "{\"fields\":{\"displayName\":\"" + "x".repeat(1024 * 1024 + 1) + "\"}}";
    assertProblem(gw.patch("/me/profile", token, big), 413, "payload-too-large");
  }

  @Test
  void keyReused_422() {
    UUID key = UUID.randomUUID();
    gw.write(HttpMethod.PATCH, "/me/profile", token, key, "{\"fields\":{\"displayName\":\"A\"}}");
    assertProblem(gw.write(HttpMethod.PATCH, "/me/profile", token, key,
        "{\"fields\":{\"displayName\":\"B\"}}"), 422, "idempotency-key-reused");
  }

  @Test
  void schemaViolation_422WithErrors() {
    HttpResponse<Buffer> r = gw.patch("/me/profile", token, "{\"fields\":{\"dietType\":3}}");
    assertProblem(r, 422, "validation-failed");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isNotBlank();
  }

  @Test
  void badDeviceId_400() {
    HttpResponse<Buffer> r = gw.request(HttpMethod.GET, "/me/profile")
        .bearerTokenAuthentication(token).putHeader("X-Device-Id", "phone one!").send().await();
    assertProblem(r, 400, "bad-request");
  }

  @Test
  void badPercentEncoding_400OnEveryRoute() {
    for (String path : new String[] {"/me/sync?since=%%%", "/me/history?cursor=%zz",
        "/me/profile?x=%"}) {
      assertProblem(gw.get(path, token), 400, "bad-request");
    }
  }

  @Test
  void storageUnreachable_503WithRetryAfter_andNotReady() {
    try (TestGateway down = TestGateway.onUri("postgresql://postgres@127.0.0.1:1/none")
        .env("FOODLENS_PG_CONNECT_TIMEOUT", "500ms").start()) {
      HttpResponse<Buffer> read = down.get("/me/profile", token);
      assertProblem(read, 503, "unavailable");
      assertThat(read.getHeader("Retry-After")).isNotBlank();
      assertProblem(down.patch("/me/profile", token, "{\"fields\":{}}"), 503, "unavailable");
      assertThat(down.request(HttpMethod.GET, "/readyz").send().await().statusCode())
          .isEqualTo(503);
      assertThat(down.request(HttpMethod.GET, "/healthz").send().await().statusCode())
          .isEqualTo(200);
    }
  }
}
