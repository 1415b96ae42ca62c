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

/** {@code GET /admin/users/{userId}/sync-state}: admin only, the whole picture in one call. */
class InspectTest {
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(InspectTest.class);
    gw = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  private static HttpResponse<Buffer> inspect(String userId, String token) {
    return gw.get("/admin/users/" + userId + "/sync-state", token);
  }

  @Test
  void admin_seesVersionConflictsLedgerRejectedAndDevices() throws InterruptedException {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    UUID replayed = UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      gw.write(HttpMethod.PATCH, "/me/profile", token, replayed,
          "{\"fields\":{\"displayName\":\"Ana\"}}");
    }
    gw.patch("/me/profile", token, "{\"fields\":{\"birthYear\":1500}}");
    long version = db.count("SELECT version FROM users WHERE user_id = '" + user + "'");
    HttpResponse<Buffer> add = gw.write(HttpMethod.POST, "/me/allergies", token,
        UUID.randomUUID(), "{\"allergen\":\"peanut\",\"observedVersion\":" + version + "}");
    assertThat(add.statusCode()).isEqualTo(200);
    gw.write(HttpMethod.DELETE, "/me/allergies/peanut", token, UUID.randomUUID(),
        "{\"observedVersion\":" + version + "}");
    HttpResponse<Buffer> push = gw.request(HttpMethod.POST, "/me/sync/push")
        .bearerTokenAuthentication(token).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"deviceId\":\"phone\",\"ops\":[{\"opId\":\""
            + UUID.randomUUID() + "\",\"entity\":\"settings\",\"action\":\"patch\","
            + "\"payload\":{\"fields\":{\"units\":\"imperial\"}},"
            + "\"clientTs\":\"2026-11-24T10:00:00Z\"}],"
            + "\"clientStats\":{\"queueDepth\":3,\"oldestPendingSeconds\":42,\"failed\":1}}"))
        .await();
    assertThat(push.statusCode()).as(push.bodyAsString()).isEqualTo(200);

    HttpResponse<Buffer> r = inspect(user, TestTokens.admin("support"));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject state = r.bodyAsJsonObject();
    assertThat(state.getString("userId")).isEqualTo(user);
    assertThat(state.getLong("version")).isGreaterThanOrEqualTo(version + 2);
    assertThat(state.getString("clock")).endsWith("Z");
    assertThat(state.getJsonObject("conflicts").getInteger("open")).isEqualTo(1);
    assertThat(state.getJsonArray("openConflicts").getJsonObject(0).getString("allergen"))
        .isEqualTo("peanut");
    assertThat(state.getJsonObject("ledgerByStatus").getInteger("200")).isEqualTo(4);
    assertThat(state.getJsonObject("ledgerByStatus").getInteger("422")).isEqualTo(1);
    JsonObject rejected = state.getJsonArray("lastRejected").getJsonObject(0);
    assertThat(rejected.getInteger("status")).isEqualTo(422);
    assertThat(rejected.getJsonObject("problem").getString("type")).endsWith("validation-failed");
    JsonObject device = eventuallyDevice(user);
    JsonObject replay = inspect(user, TestTokens.admin("support")).bodyAsJsonObject()
        .getJsonArray("lastReplayed").getJsonObject(0);
    assertThat(replay.getString("opId")).isEqualTo(replayed.toString());
    assertThat(replay.getInteger("replays")).isEqualTo(2);
    assertThat(device.getString("deviceId")).isEqualTo("phone");
    assertThat(device.getInteger("queueDepth")).isEqualTo(3);
    assertThat(device.getInteger("oldestPendingSeconds")).isEqualTo(42);
  }

  /**
   * The device report is kept after the push answers, and replay counts reach the ledger every
   * second: wait for both.
   */
  private static JsonObject eventuallyDevice(String user) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    for (;; Thread.sleep(20)) {
      JsonObject state = inspect(user, TestTokens.admin("support")).bodyAsJsonObject();
      io.vertx.core.json.JsonArray devices = state.getJsonArray("devices");
      boolean replaysIn = !state.getJsonArray("lastReplayed").isEmpty();
      if ((!devices.isEmpty() && replaysIn) || System.currentTimeMillis() > deadline) {
        return devices.isEmpty() ? new JsonObject() : devices.getJsonObject(0);
      }
    }
  }

  @Test
  void nonAdmin_gets403_unknownUser_gets404() {
    String user = "u-" + UUID.randomUUID();
    gw.patch("/me/profile", TestTokens.user(user), "{\"fields\":{\"displayName\":\"Ana\"}}");
    ErrorTableTest.assertProblem(inspect(user, TestTokens.user(user)), 403, "forbidden");
    ErrorTableTest.assertProblem(inspect("nobody-" + UUID.randomUUID(),
        TestTokens.admin("support")), 404, "not-found");
  }
}
