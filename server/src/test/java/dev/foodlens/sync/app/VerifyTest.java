package dev.foodlens.sync.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.store.PgVerifier;
import dev.foodlens.sync.store.PgVerifier.Violation;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consistency checker ({@code verify}): clean after a real workload through the gateway (every
 * entity, a conflict and its resolution), and each invariant, broken on purpose in the database,
 * is reported for that user and no other.
 */
class VerifyTest {
  static TestDatabase db;
  static TestGateway gw;
  static Vertx vertx;
  static SqlClient client;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(VerifyTest.class);
    gw = TestGateway.on(db).start();
    vertx = Vertx.vertx();
    client = PgBuilder.client().connectingTo(db.connectOptions()).using(vertx).build();
  }

  @AfterAll
  static void stop() {
    client.close().await();
    vertx.close().await();
    gw.close();
    db.close();
  }

  /** A user with profile, settings, history (created, patched, deleted) and an allergy conflict. */
  static String workload() {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    assertThat(gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"Ana\"}}")
        .statusCode()).isEqualTo(200);
    assertThat(gw.patch("/me/settings", token, "{\"fields\":{\"units\":\"imperial\"}}")
        .statusCode()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      String id = UUID.randomUUID().toString();
      assertThat(gw.write(HttpMethod.POST, "/me/history", token, UUID.randomUUID(),
          new JsonObject().put("id", id).put("scannedAt", "2026-11-24T10:00:0" + i + "Z")
              .put("verdict", "safe").encode()).statusCode()).isEqualTo(201);
      if (i == 1) {
        assertThat(gw.write(HttpMethod.PATCH, "/me/history/" + id, token, UUID.randomUUID(),
            "{\"note\":\"ok\"}").statusCode()).isEqualTo(200);
      }
      if (i == 2) {
        assertThat(gw.write(HttpMethod.DELETE, "/me/history/" + id, token, UUID.randomUUID(),
            "").statusCode()).isEqualTo(200);
      }
    }
    assertThat(gw.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
        "{\"allergen\":\"sesame\",\"severity\":\"mild\"}").statusCode()).isEqualTo(200);
    // a remove that never saw the add: concurrent, so a conflict opens
    assertThat(gw.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
        "{\"allergen\":\"peanut\",\"severity\":\"severe\",\"observedVersion\":0}").statusCode())
        .isEqualTo(200);
    assertThat(gw.write(HttpMethod.DELETE, "/me/allergies/peanut", token, UUID.randomUUID(),
        "{\"observedVersion\":0}").statusCode()).isEqualTo(200);
    assertThat(gw.get("/me/allergies/conflicts", token).bodyAsJsonObject()
        .getJsonArray("conflicts")).hasSize(1);
    assertThat(gw.write(HttpMethod.DELETE, "/me/allergies/sesame", token, UUID.randomUUID(), "")
        .statusCode()).isEqualTo(200);
    return user;
  }

  static List<Violation> verify(String user) {
    return new PgVerifier().verify(client, user, Duration.ofSeconds(10)).await();
  }

  static List<String> invariants(String user) {
    return verify(user).stream().peek(v -> assertThat(v.userId()).isEqualTo(user))
        .map(Violation::invariant).distinct().toList();
  }

  @Test
  void afterARealWorkload_everyInvariantHolds() {
    String a = workload();
    workload();
    assertThat(verify(a)).isEmpty();
    assertThat(verify(null)).isEmpty();
  }

  @Test
  void aGapInTheFeed_isReported() {
    String user = workload();
    String other = workload();
    db.queryOne("DELETE FROM changes WHERE user_id = '" + user + "' AND version = 3");
    assertThat(invariants(user)).contains("feed-contiguous");
    assertThat(verify(other)).isEmpty();
  }

  @Test
  void aFeedAheadOfTheUsersVersion_isReported() {
    String user = workload();
    db.queryOne("UPDATE users SET version = version - 1 WHERE user_id = '" + user + "'");
    assertThat(invariants(user)).contains("feed-contiguous");
  }

  @Test
  void aRowTheFeedDoesNotReflect_isReported() {
    String user = workload();
    db.queryOne("UPDATE history SET version = 1 WHERE user_id = '" + user
        + "' AND id = (SELECT id FROM history WHERE user_id = '" + user
        + "' AND NOT deleted LIMIT 1)");
    assertThat(invariants(user)).containsExactly("feed-reflects");
  }

  @Test
  void aFeedChangeWithoutItsRow_isReported() {
    String user = workload();
    db.queryOne("DELETE FROM lww_fields WHERE user_id = '" + user + "' AND entity = 'settings'");
    assertThat(invariants(user)).containsExactly("feed-reflects");
  }

  @Test
  void aHistoryChangeWhoseKeyIsNoUuid_isReported_notAnError() {
    String user = workload();
    db.queryOne("INSERT INTO changes (user_id, version, entity, key, state) SELECT user_id,"
        + " version + 1, 'history', repeat('-', 36), '{}'::jsonb FROM users WHERE user_id = '"
        + user + "'");
    assertThat(verify(user)).anySatisfy(v -> assertThat(v.detail())
        .isEqualTo("the history change at version %s names %s, which has no row",
            v.detail().split(" ")[5], "-".repeat(36)));
  }

  @Test
  void aHistoryChangeWithoutItsEntry_isReported() {
    String user = workload();
    db.queryOne("DELETE FROM history WHERE user_id = '" + user
        + "' AND id = (SELECT id FROM history WHERE user_id = '" + user
        + "' AND NOT deleted LIMIT 1)");
    // every change of the entry (its create, and its patch if it was patched) names no row
    assertThat(verify(user)).isNotEmpty().allSatisfy(v -> {
      assertThat(v.invariant()).isEqualTo("feed-reflects");
      assertThat(v.detail()).startsWith("the history change").endsWith("which has no row");
    });
  }

  @Test
  void aClaimLeftOpen_isReported() {
    String user = workload();
    db.queryOne("INSERT INTO idempotency_ledger (user_id, key, fingerprint, created_at, expires_at)"
        + " VALUES ('" + user + "', gen_random_uuid(), '\\x00', now() - interval '1 minute',"
        + " now() + interval '1 day')");
    assertThat(invariants(user)).containsExactly("ledger-claim-open");
  }

  @Test
  void aTagThatDisagreesWithTheReplay_isReported() {
    String user = workload();
    db.queryOne("UPDATE allergy_tags SET removed_version = NULL WHERE user_id = '" + user
        + "' AND allergen = 'sesame'");
    assertThat(invariants(user)).containsExactly("allergy-replay");
  }

  @Test
  void aConflictRowThatDisagreesWithTheReplay_isReported() {
    String user = workload();
    db.queryOne("UPDATE allergy_conflicts SET state = 'resolved', decision = 'keep'"
        + " WHERE user_id = '" + user + "'");
    assertThat(invariants(user)).containsExactly("allergy-replay");
  }

  @Test
  void aFeedStateThatDisagreesWithTheReplay_isReported() {
    String user = workload();
    db.queryOne("UPDATE changes SET state = jsonb_set(state, '{pendingConfirmation}', 'false')"
        + " WHERE user_id = '" + user + "' AND entity = 'allergy' AND key = 'peanut'"
        + " AND version = (SELECT max(version) FROM changes WHERE user_id = '" + user
        + "' AND entity = 'allergy' AND key = 'peanut')");
    assertThat(invariants(user)).containsExactly("allergy-replay");
  }

  @Test
  void theCommand_printsEachViolation_andExitsOne() throws Exception {
    String clean = workload();
    String broken = workload();
    db.queryOne("DELETE FROM changes WHERE user_id = '" + broken + "' AND version = 2");
    Map<String, String> env = Map.of("FOODLENS_PG_URI", db.uri());

    MainProcessTest.Run ok = MainProcessTest.start(env, "verify", "--user", clean);
    assertThat(ok.waitFor()).isTrue();
    String okOut = new String(ok.process().getInputStream().readAllBytes());
    assertThat(ok.exitValue()).as(ok.err()).isZero();
    assertThat(okOut).contains("every invariant holds");

    MainProcessTest.Run bad = MainProcessTest.start(env, "verify");
    assertThat(bad.waitFor()).isTrue();
    String badOut = new String(bad.process().getInputStream().readAllBytes());
    assertThat(bad.exitValue()).as(bad.err()).isEqualTo(1);
    assertThat(badOut).contains(broken + "\tfeed-contiguous").doesNotContain(clean);
  }
}
