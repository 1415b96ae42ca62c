package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.app.Gateway;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.store.WriteHooks;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.net.ConnectException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Contract §3, rule by rule, against the real Postgres. */
class IdempotencyTest {
  static TestDatabase db;
  static TestGateway gw;
  /** Users whose next write fails between the ledger claim and the commit. */
  static final Set<String> FAIL_AFTER_CLAIM = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() {
    db = TestDatabase.create(IdempotencyTest.class);
    WriteHooks faults = userId -> FAIL_AFTER_CLAIM.remove(userId)
        ? Future.failedFuture(new ConnectException("injected: connection lost before commit"))
        : Future.succeededFuture();
    gw = TestGateway.on(db)
        .env("FOODLENS_IDEMPOTENCY_PURGE_INTERVAL", "200ms")
        .seams(new Gateway.Seams(HybridClock.system(), Clock.systemUTC(), faults))
        .start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  private static String newUser() {
    return "u-" + UUID.randomUUID();
  }

  private long version(String userId) {
    Object v = db.queryOne("SELECT version FROM users WHERE user_id = '" + userId + "'");
    return v == null ? 0 : ((Number) v).longValue();
  }

  private long ledgerRows(String userId) {
    return db.count("SELECT count(*) FROM idempotency_ledger WHERE user_id = '" + userId + "'");
  }

  @Test
  void rule1_firstRequest_appliesAndRecordsLedgerEntry() {
    String user = newUser();
    HttpResponse<Buffer> r = gw.patch("/me/profile", TestTokens.user(user),
        "{\"fields\":{\"displayName\":\"Ana\"}}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Idempotent-Replayed")).isNull();
    assertThat(version(user)).isEqualTo(1);
    assertThat(ledgerRows(user)).isEqualTo(1);
  }

  @Test
  void rule2_replay_returnsByteIdenticalBodyAndStatus_withReplayedHeader() {
    String user = newUser();
    String token = TestTokens.user(user);
    UUID key = UUID.randomUUID();
    String body = "{\"fields\":{\"displayName\":\"Ana\",\"locale\":\"pt-BR\"}}";
    HttpResponse<Buffer> first = gw.write(HttpMethod.PATCH, "/me/profile", token, key, body);
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"Later\"}}");
    HttpResponse<Buffer> replay = gw.write(HttpMethod.PATCH, "/me/profile", token, key,
        "{ \"fields\" : { \"locale\":\"pt-BR\", \"displayName\":\"Ana\" } }");
    assertThat(replay.statusCode()).isEqualTo(first.statusCode());
    assertThat(replay.body().getBytes()).isEqualTo(first.body().getBytes());
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(version(user)).isEqualTo(3);
  }

  @Test
  void rule3_sameKeyDifferentRequest_422Reused_appliesNothing() {
    String user = newUser();
    String token = TestTokens.user(user);
    UUID key = UUID.randomUUID();
    gw.write(HttpMethod.PATCH, "/me/profile", token, key, "{\"fields\":{\"displayName\":\"A\"}}");
    HttpResponse<Buffer> otherBody = gw.write(HttpMethod.PATCH, "/me/profile", token, key,
        "{\"fields\":{\"displayName\":\"B\"}}");
    HttpResponse<Buffer> otherRoute = gw.write(HttpMethod.PATCH, "/me/settings", token, key,
        "{\"fields\":{\"displayName\":\"A\"}}");
    for (HttpResponse<Buffer> r : List.of(otherBody, otherRoute)) {
      assertThat(r.statusCode()).isEqualTo(422);
      assertThat(r.bodyAsJsonObject().getString("type"))
          .isEqualTo("https://foodlens.dev/problems/idempotency-key-reused");
    }
    assertThat(version(user)).isEqualTo(1);
    assertThat(gw.get("/me/profile", token).bodyAsJsonObject().getJsonObject("fields")
        .getString("displayName")).isEqualTo("A");
  }

  @Test
  void rule4_fiftyConcurrentRequestsWithOneKey_applyOnce() {
    String user = newUser();
    String token = TestTokens.user(user);
    UUID key = UUID.randomUUID();
    List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      inFlight.add(gw.writeRequest(HttpMethod.PATCH, "/me/profile", token, key)
          .sendBuffer(Buffer.buffer("{\"fields\":{\"displayName\":\"Once\"}}")));
    }
    List<HttpResponse<Buffer>> answers = Future.all(inFlight).await().list();
    assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    assertThat(answers.stream().map(r -> r.bodyAsString()).collect(Collectors.toSet()))
        .hasSize(1);
    assertThat(answers.stream().filter(r -> r.getHeader("Idempotent-Replayed") == null))
        .hasSize(1);
    assertThat(version(user)).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM changes WHERE user_id = '" + user + "'"))
        .isEqualTo(1);
  }

  @Test
  void rule4_sameKeyFromTwoUsers_isTwoWrites() {
    UUID key = UUID.randomUUID();
    String a = newUser();
    String b = newUser();
    String body = "{\"fields\":{\"displayName\":\"Same\"}}";
    gw.write(HttpMethod.PATCH, "/me/profile", TestTokens.user(a), key, body);
    HttpResponse<Buffer> r = gw.write(HttpMethod.PATCH, "/me/profile", TestTokens.user(b), key,
        body);
    assertThat(r.getHeader("Idempotent-Replayed")).isNull();
    assertThat(version(a)).isEqualTo(1);
    assertThat(version(b)).isEqualTo(1);
  }

  @Test
  void rule5_validationFailure_isStoredAndReplayed() {
    String user = newUser();
    String token = TestTokens.user(user);
    UUID key = UUID.randomUUID();
    String bad = "{\"fields\":{\"birthYear\":1500}}";
    HttpResponse<Buffer> first = gw.write(HttpMethod.PATCH, "/me/profile", token, key, bad);
    HttpResponse<Buffer> again = gw.write(HttpMethod.PATCH, "/me/profile", token, key, bad);
    assertThat(first.statusCode()).isEqualTo(422);
    assertThat(again.statusCode()).isEqualTo(422);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.body().getBytes()).isEqualTo(first.body().getBytes());
    assertThat(ledgerRows(user)).isEqualTo(1);
    assertThat(version(user)).isZero();
  }

  @Test
  void rule5_unauthorizedAndMalformed_areNotStored_keyStaysUsable() {
    String user = newUser();
    UUID key = UUID.randomUUID();
    String body = "{\"fields\":{\"displayName\":\"Ana\"}}";
    HttpResponse<Buffer> expired = gw.write(HttpMethod.PATCH, "/me/profile",
        TestTokens.hs256(TestTokens.claims(user).put("exp", 1000), TestTokens.SECRET), key, body);
    HttpResponse<Buffer> malformed = gw.write(HttpMethod.PATCH, "/me/profile",
        TestTokens.user(user), key, "{\"fields\":");
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(ledgerRows(user)).isZero();
    HttpResponse<Buffer> ok = gw.write(HttpMethod.PATCH, "/me/profile", TestTokens.user(user),
        key, body);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.getHeader("Idempotent-Replayed")).isNull();
  }

  @Test
  void faultBetweenClaimAndCommit_leavesNoRowNoEffect_retryAppliesOnce() {
    String user = newUser();
    String token = TestTokens.user(user);
    UUID key = UUID.randomUUID();
    String body = "{\"fields\":{\"displayName\":\"Ana\"}}";
    FAIL_AFTER_CLAIM.add(user);
    HttpResponse<Buffer> failed = gw.write(HttpMethod.PATCH, "/me/profile", token, key, body);
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.getHeader("Retry-After")).isNotNull();
    assertThat(ledgerRows(user)).isZero();
    assertThat(version(user)).isZero();
    assertThat(db.count("SELECT count(*) FROM lww_fields WHERE user_id = '" + user + "'"))
        .isZero();

    HttpResponse<Buffer> retry = gw.write(HttpMethod.PATCH, "/me/profile", token, key, body);
    HttpResponse<Buffer> replay = gw.write(HttpMethod.PATCH, "/me/profile", token, key, body);
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.getHeader("Idempotent-Replayed")).isNull();
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(version(user)).isEqualTo(1);
  }

  @Test
  void rule6_expiredEntry_isPurged_andItsKeyIsFreshAgain() throws Exception {
    String user = newUser();
    UUID key = UUID.randomUUID();
    db.queryOne("INSERT INTO idempotency_ledger (user_id, key, fingerprint, response_status, "
        + "response_body, expires_at) VALUES ('" + user + "', '" + key + "', "
        + "decode(repeat('00', 32), 'hex'), 200, 'x'::bytea, now() - interval '1 second')");
    HttpResponse<Buffer> fresh = gw.write(HttpMethod.PATCH, "/me/profile", TestTokens.user(user),
        key, "{\"fields\":{\"displayName\":\"Ana\"}}");
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(fresh.getHeader("Idempotent-Replayed")).isNull();
    assertThat(version(user)).isEqualTo(1);

    String other = newUser();
    db.queryOne("INSERT INTO idempotency_ledger (user_id, key, fingerprint, response_status, "
        + "response_body, expires_at) VALUES ('" + other + "', '" + key + "', "
        + "decode(repeat('00', 32), 'hex'), 200, 'x'::bytea, now() - interval '1 second')");
    long deadline = System.currentTimeMillis() + 10_000;
    while (ledgerRows(other) > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(ledgerRows(other)).as("the sweeper purges expired entries").isZero();
    assertThat(ledgerRows(user)).as("live entries stay").isEqualTo(1);
  }
}
