package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-entity pauses (issue 6): pausing allergies writes while the rest flows. */
class EntityPauseTest {
  static final String ADMIN = TestTokens.admin("ops");
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(EntityPauseTest.class);
    gw = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  @AfterEach
  void unpause() {
    assertThat(toggles("{\"writesPaused.allergies\":false}").statusCode()).isEqualTo(200);
  }

  static HttpResponse<Buffer> toggles(String json) {
    return gw.write(HttpMethod.PUT, "/admin/toggles", ADMIN, UUID.randomUUID(), json);
  }

  private final String user = "u-" + UUID.randomUUID();
  private final String token = TestTokens.user(user);
  private final PushClient client = new PushClient(gw, token, "phone");

  @Test
  void pausedAllergies_refuseAllergyWrites_otherEntitiesFlow() {
    Map<String, String> paused = Map.of("reason", "writes-paused");
    double refusedBefore = gw.metric("foodlens_unavailable_responses_total", paused);
    JsonObject answered = toggles("{\"writesPaused.allergies\":true}").bodyAsJsonObject();
    assertThat(answered.getBoolean("writesPaused.allergies")).isTrue();
    assertThat(answered.getBoolean("writesPaused")).isFalse();

    UUID key = UUID.randomUUID();
    HttpResponse<Buffer> add = gw.write(HttpMethod.POST, "/me/allergies", token, key,
        "{\"allergen\":\"peanut\"}");
    ErrorTableTest.assertProblem(add, 503, "writes-paused");
    assertThat(add.getHeader("Retry-After")).isNotBlank();
    assertThat(gw.metricReaching("foodlens_writes_paused", Map.of("entity", "allergies"), 1))
        .isEqualTo(1);
    assertThat(gw.metricReaching("foodlens_writes_paused", Map.of("entity", "profile"), 0))
        .isZero();
    assertThat(gw.metricReaching("foodlens_unavailable_responses_total", paused,
        refusedBefore + 1)).isEqualTo(refusedBefore + 1);
    assertThat(gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"Ana\"}}")
        .statusCode()).isEqualTo(200);
    assertThat(gw.get("/me/allergies", token).statusCode()).isEqualTo(200);

    ErrorTableTest.assertProblem(client.push(new JsonArray().add(PushClient.profile("B"))
        .add(PushClient.addAllergy("milk"))), 503, "writes-paused");
    assertThat(client.push(new JsonArray().add(PushClient.profile("C"))).statusCode())
        .isEqualTo(200);
    ErrorTableTest.assertProblem(gw.write(HttpMethod.POST, "/me/migrate", token,
        UUID.randomUUID(), "{\"source\":\"legacy-v1\",\"deviceId\":\"phone\",\"complete\":true}"),
        503, "writes-paused");
    JsonObject pull = gw.get("/me/sync", token).bodyAsJsonObject();
    assertThat(pull.getBoolean("writesPaused")).isFalse();
    assertThat(pull.getJsonArray("pausedEntities")).containsExactly("allergies");
    assertThat(db.count("SELECT count(*) FROM idempotency_ledger WHERE user_id = '" + user
        + "' AND key = '" + key + "'")).isZero();

    toggles("{\"writesPaused.allergies\":false}");
    assertThat(gw.write(HttpMethod.POST, "/me/allergies", token, key,
        "{\"allergen\":\"peanut\"}").statusCode()).isEqualTo(200);
  }

  @Test
  void toggles_listEveryEntityPause_andRefuseUnknownOnes() {
    JsonObject all = gw.get("/admin/toggles", ADMIN).bodyAsJsonObject();
    assertThat(all.fieldNames()).contains("writesPaused", "manualMerge", "writesPaused.profile",
        "writesPaused.settings", "writesPaused.allergies", "writesPaused.history");
    ErrorTableTest.assertProblem(toggles("{\"writesPaused.recipes\":true}"), 422,
        "validation-failed");
  }
}
