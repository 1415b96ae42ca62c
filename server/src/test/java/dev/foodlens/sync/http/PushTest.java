package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.app.Gateway;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.model.Checkpoint;
import dev.foodlens.sync.store.WriteHooks;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.ConnectException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 4, acceptance 3: {@code POST /me/sync/push} on the real Postgres. */
class PushTest {
  static TestDatabase db;
  static TestGateway gw;
  /** Users whose next push fails after every row was sent, just before the commit. */
  static final Set<String> FAIL_BEFORE_COMMIT = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() {
    db = TestDatabase.create(PushTest.class);
    WriteHooks faults = new WriteHooks() {
      @Override
      public Future<Void> afterClaim(String userId) {
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> beforeCommit(String userId) {
        return FAIL_BEFORE_COMMIT.remove(userId)
            ? Future.failedFuture(new ConnectException("injected: connection lost before commit"))
            : Future.succeededFuture();
      }
    };
    gw = TestGateway.on(db).env("FOODLENS_HTTP_REQUEST_TIMEOUT", "60s")
        .seams(new Gateway.Seams(HybridClock.system(), Clock.systemUTC(), faults)).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  private static String newUser() {
    return "u-" + UUID.randomUUID();
  }

  private static JsonArray results(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("results");
  }

  private long count(String table, String user) {
    return db.count("SELECT count(*) FROM " + table + " WHERE user_id = '" + user + "'");
  }

  @Test
  void batch_rejectedOpInTheMiddle_appliesTheOthers_thenReplaysAsDuplicates() {
    String user = newUser();
    PushClient client = new PushClient(gw, TestTokens.user(user), "phone-1");
    JsonObject bad = PushClient.createHistory(UUID.randomUUID(), "2026-11-24T10:00:00Z");
    bad.getJsonObject("payload").put("verdict", "maybe");
    JsonArray ops = new JsonArray().add(PushClient.profile("Ana")).add(bad)
        .add(PushClient.addAllergy("peanut"));
    HttpResponse<Buffer> first = client.push(ops);
    JsonArray results = results(first);
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("status")))
        .containsExactly("applied", "rejected", "applied");
    JsonObject problem = results.getJsonObject(1).getJsonObject("problem");
    assertThat(problem.getString("type"))
        .isEqualTo("https://foodlens.dev/problems/validation-failed");
    assertThat(problem.getInteger("status")).isEqualTo(422);
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("payload.verdict");
    assertThat(results.getJsonObject(0).getLong("version")).isEqualTo(1);
    assertThat(results.getJsonObject(2).getLong("version")).isEqualTo(2);
    assertThat(first.bodyAsJsonObject().getString("checkpoint"))
        .isEqualTo(Checkpoint.after(2).encode());
    assertThat(gw.get("/me/profile", client.token()).bodyAsJsonObject()
        .getJsonObject("fields").getString("displayName")).isEqualTo("Ana");
    assertThat(gw.get("/me/allergies", client.token()).bodyAsJsonObject()
        .getJsonArray("items")).hasSize(1);

    JsonArray again = results(client.push(ops));
    for (int i = 0; i < 3; i++) {
      JsonObject original = results.getJsonObject(i);
      JsonObject replay = again.getJsonObject(i);
      assertThat(replay.getString("status")).isEqualTo("duplicate");
      assertThat(replay.getString("original")).isEqualTo(original.getString("status"));
      assertThat(replay.getValue("version")).isEqualTo(original.getValue("version"));
      assertThat(replay.getValue("problem")).isEqualTo(original.getValue("problem"));
    }
    assertThat(count("changes", user)).isEqualTo(2);
    assertThat(count("idempotency_ledger", user)).isEqualTo(3);
  }

  @Test
  void sameOpIdTwiceInOneBatch_appliesOnce() {
    String user = newUser();
    PushClient client = new PushClient(gw, TestTokens.user(user), "phone-1");
    JsonObject op = PushClient.profile("Once");
    JsonObject changed = op.copy();
    changed.getJsonObject("payload").getJsonObject("fields").put("displayName", "Other");
    JsonArray results = results(client.push(new JsonArray().add(op).add(op).add(changed)));
    assertThat(results.getJsonObject(0).getString("status")).isEqualTo("applied");
    assertThat(results.getJsonObject(1).getString("status")).isEqualTo("duplicate");
    assertThat(results.getJsonObject(2).getString("status")).isEqualTo("rejected");
    assertThat(results.getJsonObject(2).getJsonObject("problem").getString("type"))
        .endsWith("/idempotency-key-reused");
    assertThat(count("changes", user)).isEqualTo(1);
  }

  @Test
  void zeroOr501Ops_422_andNothingApplied() {
    String user = newUser();
    PushClient client = new PushClient(gw, TestTokens.user(user), "phone-1");
    JsonArray many = new JsonArray();
    IntStream.range(0, 501).forEach(i -> many.add(PushClient.profile("n" + i)));
    for (JsonArray ops : List.of(new JsonArray(), many)) {
      HttpResponse<Buffer> r = client.push(ops);
      ErrorTableTest.assertProblem(r, 422, "validation-failed");
      assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
          .isEqualTo("ops");
    }
    assertThat(count("idempotency_ledger", user)).isZero();
  }

  @Test
  void badEnvelope_422_badOpIsRejectedAlone() {
    PushClient client = new PushClient(gw, TestTokens.user(newUser()), "phone-1");
    HttpResponse<Buffer> noId = client.push(new JsonArray().add(new JsonObject()
        .put("entity", "profile")));
    ErrorTableTest.assertProblem(noId, 422, "validation-failed");
    ErrorTableTest.assertProblem(client.send(new JsonObject().put("ops", new JsonArray()
        .add(PushClient.profile("x"))).put("clientStats", new JsonObject()
        .put("queueDepth", -1))), 422, "validation-failed");
    JsonArray results = results(client.push(new JsonArray()
        .add(PushClient.op(UUID.randomUUID(), "history", "resolve", "x", new JsonObject()))
        .add(PushClient.op(UUID.randomUUID(), "history", "delete", "not-a-uuid", new JsonObject()))
        .add(PushClient.op(UUID.randomUUID(), "conflict", "resolve", UUID.randomUUID().toString(),
            new JsonObject().put("decision", "keep")))));
    assertThat(results.getJsonObject(0).getJsonObject("problem").getInteger("status"))
        .isEqualTo(422);
    assertThat(results.getJsonObject(1).getJsonObject("problem").getInteger("status"))
        .isEqualTo(404);
    assertThat(results.getJsonObject(2).getJsonObject("problem").getInteger("status"))
        .isEqualTo(404);
  }

  @Test
  void concurrentRemove_isReportedAsConflict_andResolvesThroughPush() {
    String user = newUser();
    String token = TestTokens.user(user);
    PushClient client = new PushClient(gw, token, "phone-2");
    gw.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
        "{\"allergen\":\"peanut\"}");
    JsonObject remove = PushClient.op(UUID.randomUUID(), "allergies", "remove", "peanut",
        new JsonObject()).put("observedVersion", 0);
    JsonObject result = results(client.push(new JsonArray().add(remove))).getJsonObject(0);
    assertThat(result.getString("status")).isEqualTo("conflict");
    String conflictId = gw.get("/me/allergies/conflicts", token).bodyAsJsonObject()
        .getJsonArray("conflicts").getJsonObject(0).getString("id");
    JsonObject resolve = PushClient.op(UUID.randomUUID(), "conflict", "resolve", conflictId,
        new JsonObject().put("decision", "remove"));
    assertThat(results(client.push(new JsonArray().add(resolve))).getJsonObject(0)
        .getString("status")).isEqualTo("applied");
    assertThat(gw.get("/me/allergies", token).bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
  }

  @Test
  void fiveHundredHistoryCreates_oneTransaction_contiguousVersions() {
    String user = newUser();
    PushClient client = new PushClient(gw, TestTokens.user(user), "phone-1");
    JsonArray ops = new JsonArray();
    IntStream.range(0, 500).forEach(i -> ops.add(PushClient.createHistory(UUID.randomUUID(),
        String.format("2026-11-24T10:%02d:%02dZ", i / 60, i % 60))));
    client.push(new JsonArray().add(PushClient.profile("warm-up")));
    long started = System.nanoTime();
    JsonArray results = results(client.push(ops));
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println("push of 500 history creates took " + millis + " ms");
    assertThat(results).allSatisfy(r -> assertThat(((JsonObject) r).getString("status"))
        .isEqualTo("applied"));
    assertThat(count("history", user)).isEqualTo(500);
    assertThat(count("idempotency_ledger", user)).isEqualTo(501);
    assertThat(db.count("SELECT count(DISTINCT version) FROM changes WHERE user_id = '" + user
        + "' AND entity = 'history' AND version BETWEEN 2 AND 501")).isEqualTo(500);
    assertThat(db.count("SELECT version FROM users WHERE user_id = '" + user + "'"))
        .isEqualTo(501);
  }

  @Test
  void faultBeforeCommit_leavesNoneOfTheBatch_retryAppliesAll() {
    String user = newUser();
    PushClient client = new PushClient(gw, TestTokens.user(user), "phone-1");
    JsonArray ops = new JsonArray();
    IntStream.range(0, 500).forEach(i -> ops.add(PushClient.createHistory(UUID.randomUUID(),
        "2026-11-24T10:00:00Z")));
    FAIL_BEFORE_COMMIT.add(user);
    ErrorTableTest.assertProblem(client.push(ops), 503, "unavailable");
    assertThat(count("history", user)).isZero();
    assertThat(count("idempotency_ledger", user)).isZero();
    assertThat(count("changes", user)).isZero();
    assertThat(results(client.push(ops))).allSatisfy(r ->
        assertThat(((JsonObject) r).getString("status")).isEqualTo("applied"));
    assertThat(count("history", user)).isEqualTo(500);
  }
}
