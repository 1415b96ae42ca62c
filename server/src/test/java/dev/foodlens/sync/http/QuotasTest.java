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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 items 1 and 5: what one user may hold or send is bounded, and going past a bound is
 * {@code 422 quota-exceeded} with {@code errors}, never a stall or an unbounded table. The
 * quotas are set small here; their defaults are in conf/gateway.json.
 */
class QuotasTest {
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(QuotasTest.class);
    gw = TestGateway.on(db)
        .env("FOODLENS_QUOTAS_MIGRATE_RECORDS", "5")
        .env("FOODLENS_QUOTAS_ALLERGENS_PER_USER", "3")
        .env("FOODLENS_QUOTAS_OPS_PER_ALLERGEN", "4")
        .env("FOODLENS_QUOTAS_HISTORY_PER_USER", "2")
        .env("FOODLENS_QUOTAS_DEVICES_PER_USER", "2")
        .start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  @Test
  void migrate_moreRecordsThanOneCallMayCarry_is422QuotaExceeded_nothingStored() {
    String user = "m-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    UUID key = UUID.randomUUID();
    JsonArray allergies = new JsonArray();
    for (int i = 0; i < 6; i++) {
      allergies.add(new JsonObject().put("allergen", "a" + i));
    }

    HttpResponse<Buffer> r = gw.write(HttpMethod.POST, "/me/migrate", token, key,
        migrateBody(allergies));

    ErrorTableTest.assertProblem(r, 422, "quota-exceeded");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("records");
    assertThat(db.count("SELECT count(*) FROM idempotency_ledger WHERE user_id = '" + user
        + "'")).isZero();
    assertThat(gw.get("/me/migrate", token).bodyAsJsonObject().getString("state"))
        .isEqualTo("none");
    HttpResponse<Buffer> fits = gw.write(HttpMethod.POST, "/me/migrate", token,
        UUID.randomUUID(), migrateBody(new JsonArray(allergies.getList().subList(0, 5))));
    assertThat(fits.statusCode()).as(fits.bodyAsString()).isEqualTo(200);
    // Three of the five fit the allergen quota; the rest are skipped, and the call completes.
    assertThat(fits.bodyAsJsonObject().getJsonObject("imported").getInteger("allergies"))
        .isEqualTo(3);
    assertThat(fits.bodyAsJsonObject().getJsonObject("skipped").getInteger("allergies"))
        .isEqualTo(2);
  }

  @Test
  void allergies_beyondTheUsersQuota_is422_existingOnesStillChange_pushRejectsOnlyThatOp() {
    String token = TestTokens.user("a-" + UUID.randomUUID());
    for (String allergen : new String[] {"peanut", "milk", "egg"}) {
      assertThat(add(token, UUID.randomUUID(), allergen).statusCode()).isEqualTo(200);
    }

    UUID key = UUID.randomUUID();
    HttpResponse<Buffer> over = add(token, key, "soy");

    ErrorTableTest.assertProblem(over, 422, "quota-exceeded");
    assertThat(over.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0)
        .getString("field")).isEqualTo("allergen");
    assertThat(add(token, UUID.randomUUID(), "milk").statusCode()).isEqualTo(200);
    assertThat(gw.write(HttpMethod.DELETE, "/me/allergies/egg", token, UUID.randomUUID(), "{}")
        .statusCode()).isEqualTo(200);
    JsonObject pushed = push(token, "phone",
        op("allergies", "add", null, "{\"allergen\":\"sesame\"}"),
        op("allergies", "add", null, "{\"allergen\":\"peanut\",\"severity\":\"severe\"}"));
    JsonArray results = pushed.getJsonArray("results");
    assertThat(results.getJsonObject(0).getString("status")).isEqualTo("rejected");
    assertThat(results.getJsonObject(0).getJsonObject("problem").getString("type"))
        .endsWith("/quota-exceeded");
    assertThat(results.getJsonObject(1).getString("status")).isEqualTo("applied");
    // The refusal was not stored: the same key is answered afresh, and refused again.
    ErrorTableTest.assertProblem(add(token, key, "soy"), 422, "quota-exceeded");
  }

  /** Each op on an allergen makes the next one cost more, so their number is bounded too. */
  @Test
  void allergen_addedAndRemovedBeyondItsQuota_is422_otherAllergensStillChange() {
    String token = TestTokens.user("o-" + UUID.randomUUID());
    for (int i = 0; i < 2; i++) {
      assertThat(add(token, UUID.randomUUID(), "peanut").statusCode()).isEqualTo(200);
      assertThat(gw.write(HttpMethod.DELETE, "/me/allergies/peanut", token, UUID.randomUUID(),
          "{}").statusCode()).isEqualTo(200);
    }

    HttpResponse<Buffer> over = add(token, UUID.randomUUID(), "peanut");

    ErrorTableTest.assertProblem(over, 422, "quota-exceeded");
    assertThat(over.bodyAsJsonObject().getString("detail")).contains("peanut");
    assertThat(add(token, UUID.randomUUID(), "milk").statusCode()).isEqualTo(200);
  }

  @Test
  void history_beyondTheLiveEntriesQuota_is422_untilOneIsDeleted() {
    String token = TestTokens.user("h-" + UUID.randomUUID());
    UUID first = UUID.randomUUID();
    assertThat(create(token, UUID.randomUUID(), first).statusCode()).isEqualTo(201);
    assertThat(create(token, UUID.randomUUID(), UUID.randomUUID()).statusCode()).isEqualTo(201);

    UUID key = UUID.randomUUID();
    UUID third = UUID.randomUUID();
    HttpResponse<Buffer> over = create(token, key, third);

    ErrorTableTest.assertProblem(over, 422, "quota-exceeded");
    assertThat(gw.write(HttpMethod.DELETE, "/me/history/" + first, token, UUID.randomUUID(), "")
        .statusCode()).isEqualTo(200);
    assertThat(create(token, key, third).statusCode()).isEqualTo(201);
    JsonObject pushed = push(token, "phone", op("history", "create", null,
        entry(UUID.randomUUID())));
    assertThat(pushed.getJsonArray("results").getJsonObject(0).getJsonObject("problem")
        .getString("type")).endsWith("/quota-exceeded");
  }

  @Test
  void deviceStats_keepOnlyTheLatestReportingDevices() throws InterruptedException {
    String user = "d-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    for (String device : new String[] {"old", "mid", "new"}) {
      gw.request(HttpMethod.POST, "/me/sync/push").bearerTokenAuthentication(token)
          .putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer(new JsonObject().put("deviceId", device)
              .put("ops", new JsonArray().add(op("settings", "patch", null,
                  "{\"fields\":{\"units\":\"imperial\"}}")))
              .put("clientStats", new JsonObject().put("queueDepth", 1)
                  .put("oldestPendingSeconds", 1).put("failed", 0)).encode()))
          .await();
      // The report is kept after the push answers; wait for it so the order is the test's.
      String q = "SELECT count(*) FROM device_stats WHERE user_id = '" + user
          + "' AND device_id = '" + device + "'";
      for (int i = 0; i < 500 && db.count(q) == 0; i++) {
        Thread.sleep(10);
      }
    }

    assertThat(db.count("SELECT count(*) FROM device_stats WHERE user_id = '" + user + "'"))
        .isEqualTo(2);
    assertThat(db.count("SELECT count(*) FROM device_stats WHERE user_id = '" + user
        + "' AND device_id = 'old'")).isZero();
  }

  private static HttpResponse<Buffer> add(String token, UUID key, String allergen) {
    return gw.write(HttpMethod.POST, "/me/allergies", token, key,
        "{\"allergen\":\"" + allergen + "\"}");
  }

  private static HttpResponse<Buffer> create(String token, UUID key, UUID id) {
    return gw.write(HttpMethod.POST, "/me/history", token, key, entry(id));
  }

  private static String entry(UUID id) {
    return "{\"id\":\"" + id + "\",\"scannedAt\":\"2026-11-24T10:00:00Z\",\"barcode\":\"123\","
        + "\"productName\":\"Bar\",\"verdict\":\"safe\",\"allergensDetected\":[]}";
  }

  private static String migrateBody(JsonArray allergies) {
    return new JsonObject().put("source", "legacy-v1").put("deviceId", "phone")
        .put("complete", false)
        .put("records", new JsonObject().put("allergies", allergies)).encode();
  }

  private static JsonObject op(String entity, String action, String target, String payload) {
    JsonObject op = new JsonObject().put("opId", UUID.randomUUID().toString())
        .put("entity", entity).put("action", action).put("payload", new JsonObject(payload))
        .put("clientTs", "2026-11-24T10:00:00Z");
    return target == null ? op : op.put("target", target);
  }

  private static JsonObject push(String token, String device, JsonObject... ops) {
    HttpResponse<Buffer> r = gw.request(HttpMethod.POST, "/me/sync/push")
        .bearerTokenAuthentication(token).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(new JsonObject().put("deviceId", device)
            .put("ops", new JsonArray(java.util.List.of((Object[]) ops))).encode()))
        .await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }
}
