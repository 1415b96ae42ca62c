package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 12 item 3: text Postgres cannot store (U+0000, unpaired surrogates) and type-confused
 * tokens are client errors, never a 500, wherever they appear.
 */
class UnstorableInputTest {
  private static final String NUL = "a\u0000b";
  private static final String LONE = "a\ud800b";

  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(UnstorableInputTest.class);
    gw = TestGateway.on(db).env("FOODLENS_HTTP_INSTANCES", "1").start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  private static String user() {
    return TestTokens.user(sub());
  }

  private static String sub() {
    return "text-" + UUID.randomUUID();
  }

  /** JSON text with every non-ASCII character escaped, so lone surrogates reach the server. */
  private static String json(JsonObject body) {
    StringBuilder out = new StringBuilder();
    for (char c : body.encode().toCharArray()) {
      out.append(c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return out.toString();
  }

  private static void assertInvalid(HttpResponse<Buffer> r, String field) {
    ErrorTableTest.assertProblem(r, 422, "validation-failed");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).toList()).contains(field);
  }

  @Test
  void profileAndSettingsStrings_withNulOrLoneSurrogate_are422_andNothingChanges() {
    String token = user();
    for (String bad : List.of(NUL, LONE)) {
      assertInvalid(gw.patch("/me/profile", token, json(new JsonObject().put("fields",
          new JsonObject().put("displayName", bad)))), "fields.displayName");
      assertInvalid(gw.patch("/me/profile", token, json(new JsonObject().put("fields",
          new JsonObject().put("avatarUrl", "https://a.b/" + bad)))), "fields.avatarUrl");
      assertInvalid(gw.patch("/me/settings", token, json(new JsonObject().put("fields",
          new JsonObject().put("theme", bad)))), "fields.theme");
    }
    HttpResponse<Buffer> unknownKey = gw.patch("/me/profile", token, json(new JsonObject()
        .put("fields", new JsonObject().put("x" + NUL, "y"))));
    ErrorTableTest.assertProblem(unknownKey, 422, "validation-failed");
    assertThat(unknownKey.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0)
        .getString("field")).isEqualTo("fields.xa\\u0000b");
    assertThat(gw.get("/me/profile", token).bodyAsJsonObject().getJsonObject("fields"))
        .isEmpty();
  }

  @Test
  void historyStrings_withNulOrLoneSurrogate_are422() {
    String sub = sub();
    String token = TestTokens.user(sub);
    for (String bad : List.of(NUL, LONE)) {
      for (String field : List.of("note", "barcode", "productName")) {
        JsonObject entry = history().put(field, bad);
        assertInvalid(gw.write(HttpMethod.POST, "/me/history", token, UUID.randomUUID(),
            json(entry)), field);
      }
    }
    JsonObject good = history();
    assertThat(gw.write(HttpMethod.POST, "/me/history", token, UUID.randomUUID(), json(good))
        .statusCode()).isEqualTo(201);
    assertInvalid(gw.write(HttpMethod.PATCH, "/me/history/" + good.getString("id"), token,
        UUID.randomUUID(), json(new JsonObject().put("note", NUL))), "note");
    assertThat(db.count("SELECT count(*) FROM history WHERE user_id = '" + sub + "'"))
        .isEqualTo(1);
  }

  @Test
  void push_badTextOpIsRejected_andTheOthersApply() {
    String token = user();
    JsonArray ops = new JsonArray()
        .add(op("history", "create", history()))
        .add(op("history", "create", history().put("note", NUL)))
        .add(op("profile", "patch", new JsonObject().put("fields",
            new JsonObject().put("displayName", LONE))))
        .add(op("history", "create", history()));
    HttpResponse<Buffer> r = gw.request(HttpMethod.POST, "/me/sync/push")
        .bearerTokenAuthentication(token).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(json(new JsonObject().put("deviceId", "d1").put("ops", ops))))
        .await();
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray results = r.bodyAsJsonObject().getJsonArray("results");
    assertThat(results.stream().map(o -> ((JsonObject) o).getString("status")).toList())
        .containsExactly("applied", "rejected", "rejected", "applied");
    assertThat(results.getJsonObject(1).getJsonObject("problem").getJsonArray("errors")
        .getJsonObject(0).getString("field")).isEqualTo("payload.note");
    assertThat(results.getJsonObject(2).getJsonObject("problem").getJsonArray("errors")
        .getJsonObject(0).getString("field")).isEqualTo("payload.fields.displayName");
  }

  @Test
  void migrate_badTextRecordsAreInvalid_andTheChunkCompletes() {
    String token = user();
    JsonObject body = new JsonObject().put("source", "legacy-v1").put("deviceId", "d1")
        .put("complete", true).put("records", new JsonObject()
            .put("profile", new JsonObject().put("displayName", NUL).put("locale", "pt-BR"))
            .put("settings", new JsonObject().put("theme", LONE))
            .put("allergies", new JsonArray().add(new JsonObject().put("allergen", "peanut")))
            .put("history", new JsonArray().add(history().put("note", NUL)).add(history())));
    HttpResponse<Buffer> r = gw.write(HttpMethod.POST, "/me/migrate", token, UUID.randomUUID(),
        json(body));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject answer = r.bodyAsJsonObject();
    assertThat(answer.getJsonObject("invalid")).isEqualTo(new JsonObject().put("profile", 1)
        .put("settings", 1).put("allergies", 0).put("history", 1));
    assertThat(answer.getJsonObject("imported")).isEqualTo(new JsonObject().put("profile", 1)
        .put("settings", 0).put("allergies", 1).put("history", 1));
  }

  @Test
  void tokensWithConfusedClaims_are401_loggedAtMostAtInfo_withoutStackTraces() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      long exp = java.time.Instant.now().getEpochSecond() + 3600;
      List<String> tokens = List.of("e30.e30.x", "e30.e30.", segment("{\"alg\":null}")
              + ".e30.x", segment("{\"alg\":[\"HS256\"]}") + ".e30.x",
          signed(TestTokens.claims("a").put("exp", String.valueOf(exp))),
          signed(TestTokens.claims("a").put("exp", new JsonArray().add(exp))),
          signed(TestTokens.claims("a").put("exp", new JsonObject())),
          signed(TestTokens.claims("a").put("nbf", "0")),
          signed(TestTokens.claims("a").put("nbf", new JsonObject())),
          signed(TestTokens.claims("a").put("iat", "0")),
          signed(TestTokens.claims("a").put("iat", new JsonArray())),
          signed(TestTokens.claims("a").put("sub", new JsonArray().add("a"))),
          signed(TestTokens.claims("a").put("sub", new JsonObject())),
          signed(TestTokens.claims(NUL)), signed(TestTokens.claims(LONE)),
          signed(TestTokens.claims("a").put("roles", "foodlens-admin")),
          signed(TestTokens.claims("a").put("roles", new JsonObject())),
          signed(TestTokens.claims("a").put("roles", new JsonArray().add(1))));
      for (String token : tokens) {
        HttpResponse<Buffer> r = gw.get("/me/profile", token);
        assertThat(r.statusCode()).as(token).isEqualTo(401);
        AuthTest.assertUnauthorized(r);
      }
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list).allSatisfy(e -> {
      assertThat(e.getLevel().isGreaterOrEqual(Level.WARN)).as(e.toString()).isFalse();
      assertThat(e.getThrowableProxy()).as(e.toString()).isNull();
    });
  }

  @Test
  void adminPathWithNul_isAProblem_notA500() {
    String admin = TestTokens.admin("ops");
    for (String id : List.of("a%00b", "%00", "a%ED%A0%80b", "x".repeat(300))) {
      HttpResponse<Buffer> r = gw.get("/admin/users/" + id + "/sync-state", admin);
      ErrorTableTest.assertProblem(r, 404, "not-found");
    }
  }

  @Test
  void postgresRefusingText_isA422_notA500() {
    ProblemException problem = Problems.classify(500,
        new io.vertx.pgclient.PgException("invalid byte sequence", "ERROR", "22021", null));
    assertThat(problem.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
    assertThat(Problems.classify(500, new RuntimeException(
        new io.vertx.pgclient.PgException("unsupported Unicode escape", "ERROR", "22P05", null)))
        .type()).isEqualTo(ProblemType.VALIDATION_FAILED);
  }

  private static JsonObject history() {
    return new JsonObject().put("id", UUID.randomUUID().toString())
        .put("scannedAt", "2026-11-24T10:00:00Z").put("verdict", "safe")
        .put("allergensDetected", new JsonArray());
  }

  private static JsonObject op(String entity, String action, JsonObject payload) {
    return new JsonObject().put("opId", UUID.randomUUID().toString()).put("entity", entity)
        .put("action", action).put("payload", payload).put("clientTs", "2026-11-24T10:00:00Z");
  }

  private static String signed(JsonObject claims) {
    return TestTokens.hs256(json(claims), TestTokens.SECRET);
  }

  private static String segment(String json) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
