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

/**
 * Issue 8 acceptance 2: the migration status report answers correctly for a database seeded with
 * users in each migration state and a known number of conflicts; a non-admin gets 403. The
 * {@code report} command prints the same document (MainProcessTest).
 */
class MigrationStatusReportTest {
  static final String ADMIN = TestTokens.admin("ops");
  static TestDatabase db;
  static TestGateway gw;
  static JsonObject report;

  @BeforeAll
  static void seed() {
    db = TestDatabase.create(MigrationStatusReportTest.class);
    gw = TestGateway.on(db).start();
    migrate("never", null);
    migrate("halfway", false);
    migrate("done-1", true);
    migrate("done-2", true);
    conflict("c-1", false);
    conflict("c-2", true);
    gw.write(HttpMethod.PUT, "/admin/toggles", ADMIN, UUID.randomUUID(),
        "{\"manualMerge\":false}");
    conflict("lww", false);
    gw.write(HttpMethod.PUT, "/admin/toggles", ADMIN, UUID.randomUUID(),
        "{\"manualMerge\":true}");
    HttpResponse<Buffer> r = gw.get("/admin/migration-status", ADMIN);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    report = r.bodyAsJsonObject();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  /** A user who wrote a profile field and, unless {@code complete} is null, migrated. */
  private static void migrate(String user, Boolean complete) {
    String token = TestTokens.user(user);
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"" + user + "\"}}");
    if (complete != null) {
      HttpResponse<Buffer> r = gw.write(HttpMethod.POST, "/me/migrate", token, UUID.randomUUID(),
          "{\"source\":\"legacy-v1\",\"deviceId\":\"phone\",\"complete\":" + complete
              + ",\"records\":{\"history\":[{\"id\":\"" + UUID.randomUUID() + "\","
              + "\"scannedAt\":\"2023-07-22T10:00:00Z\",\"verdict\":\"safe\"}]}}");
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    }
  }

  /**
   * The contract's two-device conflict: an add of peanut, then a remove that had not seen it.
   * Resolved with keep when {@code resolve}.
   */
  private static void conflict(String user, boolean resolve) {
    String token = TestTokens.user(user);
    gw.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
        "{\"allergen\":\"peanut\",\"observedVersion\":0}");
    gw.write(HttpMethod.DELETE, "/me/allergies/peanut", token, UUID.randomUUID(),
        "{\"observedVersion\":0}");
    if (resolve) {
      String id = gw.get("/me/allergies/conflicts", token).bodyAsJsonObject()
          .getJsonArray("conflicts").getJsonObject(0).getString("id");
      assertThat(gw.write(HttpMethod.POST, "/me/allergies/conflicts/" + id + "/resolve", token,
          UUID.randomUUID(), "{\"decision\":\"keep\"}").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void users_byMigrationState() {
    JsonObject users = report.getJsonObject("users");
    assertThat(users.getInteger("total")).isEqualTo(7);
    assertThat(users.getJsonObject("byMigrationState")).isEqualTo(new JsonObject()
        .put("none", 4).put("in-progress", 1).put("complete", 2));
  }

  @Test
  void usersWithServerData_perEntity() {
    assertThat(report.getJsonObject("usersWithServerData")).isEqualTo(new JsonObject()
        .put("profile", 4).put("settings", 0).put("allergies", 3).put("history", 3));
  }

  @Test
  void conflicts_andAutomaticDecisionsSinceTheGateWasOff() {
    assertThat(report.getJsonObject("allergyConflicts").getInteger("open")).isEqualTo(1);
    assertThat(report.getJsonObject("allergyConflicts").getInteger("resolved")).isEqualTo(1);
    JsonObject gate = report.getJsonObject("manualMergeGate");
    assertThat(gate.getBoolean("on")).isTrue();
    assertThat(gate.getString("lastTurnedOffAt")).isNotNull();
    assertThat(gate.getInteger("automaticDecisionsSince")).isEqualTo(1);
  }

  @Test
  void ledger_andDeviceQueues() {
    assertThat(report.getJsonObject("ledger").getInteger("entries")).isGreaterThan(10);
    assertThat(report.getJsonObject("deviceQueues").getInteger("devicesReporting")).isZero();
  }

  @Test
  void nonAdmin_gets403() {
    ErrorTableTest.assertProblem(gw.get("/admin/migration-status", TestTokens.user("someone")),
        403, "forbidden");
  }
}
