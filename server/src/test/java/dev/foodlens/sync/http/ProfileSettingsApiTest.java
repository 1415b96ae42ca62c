package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProfileSettingsApiTest {
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(ProfileSettingsApiTest.class);
    gw = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  private static String user() {
    return TestTokens.user("u-" + UUID.randomUUID());
  }

  @Test
  void getProfile_newUser_returnsEmptyFieldsAtVersionZero() {
    HttpResponse<Buffer> r = gw.get("/me/profile", user());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.getHeader("ETag")).isEqualTo("\"0\"");
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject("{\"version\":0,\"fields\":{}}"));
  }

  @Test
  void patchProfile_validFields_mergesAndGetShowsThem() {
    String token = user();
    HttpResponse<Buffer> r = gw.patch("/me/profile", token,
        "{\"fields\":{\"displayName\":\"Ana\",\"locale\":\"pt-BR\",\"dietType\":\"vegan\","
            + "\"avatarUrl\":\"https://img.example/a.png\",\"birthYear\":1991}}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getLong("version")).isEqualTo(5);
    assertThat(body.getJsonObject("fields").getString("displayName")).isEqualTo("Ana");
    assertThat(body.getJsonObject("fields").getInteger("birthYear")).isEqualTo(1991);

    HttpResponse<Buffer> get = gw.get("/me/profile", token);
    assertThat(get.bodyAsJsonObject()).isEqualTo(body);
    assertThat(get.getHeader("ETag")).isEqualTo("\"5\"");
  }

  @Test
  void patchProfile_nullValue_clearsTheField() {
    String token = user();
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"Ana\",\"locale\":\"pt-BR\"}}");
    HttpResponse<Buffer> r = gw.patch("/me/profile", token, "{\"fields\":{\"locale\":null}}");
    assertThat(r.bodyAsJsonObject()).isEqualTo(
        new JsonObject("{\"version\":3,\"fields\":{\"displayName\":\"Ana\"}}"));
  }

  @Test
  void getProfile_ifNoneMatchCurrent_returns304() {
    String token = user();
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"Ana\"}}");
    HttpResponse<Buffer> r = gw.request(HttpMethod.GET, "/me/profile")
        .bearerTokenAuthentication(token).putHeader("If-None-Match", "\"1\"").send().await();
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.getHeader("ETag")).isEqualTo("\"1\"");
    HttpResponse<Buffer> stale = gw.request(HttpMethod.GET, "/me/profile")
        .bearerTokenAuthentication(token).putHeader("If-None-Match", "\"0\"").send().await();
    assertThat(stale.statusCode()).isEqualTo(200);
  }

  @Test
  void patchProfile_badFields_422ListsEveryBadField() {
    HttpResponse<Buffer> r = gw.patch("/me/profile", user(),
        "{\"fields\":{\"displayName\":\"\",\"locale\":\"not a tag\",\"dietType\":\"carnivore\","
            + "\"avatarUrl\":\"http://plain.example\",\"birthYear\":1800,\"shoeSize\":42}}");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("type"))
        .isEqualTo("https://foodlens.dev/problems/validation-failed");
    assertThat(problem.getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")))
        .containsExactlyInAnyOrder("fields.displayName", "fields.locale", "fields.dietType",
            "fields.avatarUrl", "fields.birthYear", "fields.shoeSize");
  }

  @Test
  void patchProfile_invalid_changesNothing() {
    String token = user();
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"Ana\"}}");
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"Bo\",\"birthYear\":\"x\"}}");
    assertThat(gw.get("/me/profile", token).bodyAsJsonObject())
        .isEqualTo(new JsonObject("{\"version\":1,\"fields\":{\"displayName\":\"Ana\"}}"));
  }

  @Test
  void patchProfile_unknownTopLevelMember_422() {
    HttpResponse<Buffer> r = gw.patch("/me/profile", user(),
        "{\"fields\":{},\"clientTs\":\"2026-01-01T00:00:00Z\"}");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("clientTs");
  }

  @Test
  void getSettings_newUser_returnsEveryDefault() {
    JsonObject fields = gw.get("/me/settings", user()).bodyAsJsonObject().getJsonObject("fields");
    assertThat(fields.getMap()).containsEntry("units", "metric").containsEntry("theme", "system")
        .containsEntry("language", null).containsEntry("notifications.scanReminders", true)
        .containsEntry("notifications.weeklySummary", false)
        .containsEntry("privacy.shareAnonymousStats", false).containsEntry("strictMode", false);
  }

  @Test
  void patchSettings_setThenClear_returnsToDefault() {
    String token = user();
    HttpResponse<Buffer> set = gw.patch("/me/settings", token,
        "{\"fields\":{\"units\":\"imperial\",\"notifications.scanReminders\":false}}");
    assertThat(set.bodyAsJsonObject().getJsonObject("fields").getString("units"))
        .isEqualTo("imperial");
    HttpResponse<Buffer> cleared = gw.patch("/me/settings", token, "{\"fields\":{\"units\":null}}");
    JsonObject fields = cleared.bodyAsJsonObject().getJsonObject("fields");
    assertThat(fields.getString("units")).isEqualTo("metric");
    assertThat(fields.getBoolean("notifications.scanReminders")).isFalse();
    assertThat(cleared.bodyAsJsonObject().getLong("version")).isEqualTo(3);
  }

  @Test
  void patchSettings_unknownKeyOrWrongType_422() {
    HttpResponse<Buffer> r = gw.patch("/me/settings", user(),
        "{\"fields\":{\"darkMode\":true,\"strictMode\":\"yes\",\"units\":\"furlongs\"}}");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getJsonArray("errors")).hasSize(3);
  }

  @Test
  void versions_areOneFeedPerUser_acrossProfileAndSettings() {
    String token = user();
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"Ana\"}}");
    gw.patch("/me/settings", token, "{\"fields\":{\"theme\":\"dark\"}}");
    assertThat(gw.get("/me/profile", token).getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(gw.get("/me/settings", token).getHeader("ETag")).isEqualTo("\"2\"");
  }

  @Test
  void users_neverSeeEachOthersData() {
    String alice = TestTokens.user("alice-" + UUID.randomUUID());
    String bob = TestTokens.user("bob-" + UUID.randomUUID());
    UUID sharedKey = UUID.randomUUID();
    gw.write(HttpMethod.PATCH, "/me/profile", alice, sharedKey,
        "{\"fields\":{\"displayName\":\"Alice\"}}");
    HttpResponse<Buffer> bobWrite = gw.write(HttpMethod.PATCH, "/me/profile", bob, sharedKey,
        "{\"fields\":{\"displayName\":\"Bob\"}}");
    assertThat(bobWrite.getHeader("Idempotent-Replayed")).isNull();
    assertThat(gw.get("/me/profile", alice).bodyAsJsonObject().getJsonObject("fields")
        .getString("displayName")).isEqualTo("Alice");
    assertThat(gw.get("/me/profile", bob).bodyAsJsonObject().getJsonObject("fields")
        .getString("displayName")).isEqualTo("Bob");
  }

  @Test
  void everyResponse_carriesRequestId_echoedWhenSane() {
    HttpResponse<Buffer> echoed = gw.request(HttpMethod.GET, "/healthz")
        .putHeader("X-Request-Id", "abc.DEF-123_x").send().await();
    assertThat(echoed.getHeader("X-Request-Id")).isEqualTo("abc.DEF-123_x");
    HttpResponse<Buffer> replaced = gw.request(HttpMethod.GET, "/healthz")
        .putHeader("X-Request-Id", "bad id with spaces").send().await();
    assertThat(UUID.fromString(replaced.getHeader("X-Request-Id"))).isNotNull();
  }

  @Test
  void health_andReadiness_answer200() {
    assertThat(gw.request(HttpMethod.GET, "/healthz").send().await().statusCode()).isEqualTo(200);
    assertThat(gw.request(HttpMethod.GET, "/readyz").send().await().statusCode()).isEqualTo(200);
  }
}
