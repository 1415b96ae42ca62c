package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.foodlens.sync.testing.FaultProxy;
import dev.foodlens.sync.testing.SdkGateway;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, items 7, 9 and 11: a batch the server keeps failing is bisected until the op it
 * cannot store is alone; the queue's caps refuse a write at the call and drop nothing; pending
 * patches of a field coalesce; a resend answered {@code duplicate} keeps the original verdict;
 * retry with a fix is safe whether or not the server had applied the original. Real gateway and
 * Postgres, through the fault proxy, on a hand-moved clock (the test backoff allows 5 attempts).
 */
class QueueSafetyTest {
  static SdkGateway sdk;
  static TestDatabase db;
  static TestGateway gw;
  static FaultProxy proxy;
  static URI proxied;
  final Devices devices = new Devices();

  @BeforeAll
  static void start() {
    sdk = SdkGateway.start(QueueSafetyTest.class);
    db = sdk.db();
    gw = sdk.gateway();
    proxy = sdk.proxy();
    proxied = sdk.proxied();
  }

  @AfterAll
  static void stop() {
    sdk.close();
  }

  @AfterEach
  void heal() {
    sdk.resetProxy();
  }

  static String newUser() {
    return "u-" + UUID.randomUUID();
  }

  static JsonObject server(String path, String user) {
    var r = gw.get(path, TestTokens.user(user));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static long rows(String table, String user) {
    return db.count("SELECT count(*) FROM " + table + " WHERE user_id = '" + user + "'");
  }

  static Scan scan(int n, String note) {
    return new Scan(UUID.randomUUID(), Instant.parse("2026-11-24T10:00:00Z").plusSeconds(n),
        "789100010010" + n, "Biscuit " + n, Verdict.UNSAFE, List.of("peanut"), note);
  }

  @Test
  void poisonedOp_batchBisectedUntilItIsAlone_theGoodOpsGoThrough_onlyItFails() {
    String user = newUser();
    String marker = "POISON-" + UUID.randomUUID();
    try (FoodLensSync phone = devices.device(proxied, "phone-1", user)) {
      List<QueuedOp> ops = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        ops.add(phone.createScan(scan(i, i == 173 ? marker : null)));
      }
      QueuedOp culprit = ops.get(173);
      proxy.failRequestsContaining(marker);

      SyncStatus status = Devices.sync(phone);
      for (int i = 0; i < 40 && status.queueDepth() > 0; i++) {
        status = devices.syncLater(phone);
      }

      assertThat(status.queueDepth()).isZero();
      assertThat(phone.failedOps()).extracting(QueuedOp::opId).containsExactly(culprit.opId());
      Problem problem = phone.failedOps().get(0).problem();
      assertThat(problem.slug()).isEqualTo("max-attempts");
      assertThat(problem.detail()).contains("500 internal");
      assertThat(ops).filteredOn(op -> op != culprit).allSatisfy(op ->
          assertThat(Devices.done(phone, op).serverStatus()).isEqualTo("applied"));
      assertThat(rows("history", user)).isEqualTo(299);
      assertThat(rows("idempotency_ledger", user)).isEqualTo(299);

      proxy.failRequestsContaining(null);
      QueuedOp again = phone.retry(culprit.opId());
      assertThat(again.opId()).as("the server may have stored it: same id").isEqualTo(
          culprit.opId());
      Devices.sync(phone);
      assertThat(Devices.done(phone, again).serverStatus()).isEqualTo("applied");
      assertThat(rows("history", user)).isEqualTo(300);
    }
  }

  @Test
  void bisecting_survivesARestart_theNextBatchIsHalfTheOneThatFailed() throws Exception {
    String user = "u-" + UUID.randomUUID();
    String marker = "POISON-" + UUID.randomUUID();
    Path store = devices.store("bisect-" + user);
    List<Integer> pushed = new CopyOnWriteArrayList<>();
    Transport http = Transport.http(Duration.ofSeconds(10));
    Transport counting = request -> {
      if (request.uri().getPath().equals("/me/sync/push")) {
        pushed.add(Json.MAPPER.readTree(request.body()).path("ops").size());
      }
      return http.send(request);
    };
    proxy.failRequestsContaining(marker);
    try (FoodLensSync phone = devices.builder(proxied, "phone-1", store).transport(counting)
        .build()) {
      phone.signIn(user);
      for (int i = 0; i < 64; i++) {
        phone.createScan(scan(i, i == 40 ? marker : null));
      }
      Devices.sync(phone);
      devices.syncLater(phone);
      devices.syncLater(phone);
    }
    assertThat(pushed).as("64 failed; its first 32 went through, the 32 left failed; 16 failed")
        .containsExactly(64, 32, 32, 16);
    pushed.clear();
    try (FoodLensSync phone = devices.builder(proxied, "phone-1", store).transport(counting)
        .build()) {
      phone.signIn(user);
      devices.syncLater(phone);
      assertThat(pushed).as("the stored limit, not 500").first().isEqualTo(8);
      SyncStatus status = phone.status();
      for (int i = 0; i < 30 && status.queueDepth() > 0; i++) {
        status = devices.syncLater(phone);
      }
      assertThat(status.queueDepth()).isZero();
      assertThat(phone.failedOps()).singleElement()
          .satisfies(op -> assertThat(op.payload()).contains(marker));
      assertThat(rows("history", user)).isEqualTo(63);
    }
  }

  @Test
  void duplicateOfARejection_whoseAnswerWasLost_isAFailedOpWithItsProblem() {
    String user = newUser();
    try (FoodLensSync phone = devices.device(proxied, "phone-1", user)) {
      QueuedOp bad = phone.patchProfile(Map.of("displayName", "Ana", "birthYear", 1800));
      QueuedOp fine = phone.createScan(scan(1, null));
      proxy.cutResponseAfter(0);
      assertThat(Devices.sync(phone).queueDepth()).isEqualTo(2);

      proxy.mode(FaultProxy.Mode.PASS);
      devices.syncLater(phone);

      OpResult result = Devices.done(phone, bad);
      assertThat(result.state()).isEqualTo(OpState.FAILED);
      assertThat(result.problem().slug()).isEqualTo("validation-failed");
      assertThat(result.problem().json()).contains("fields.birthYear");
      assertThat(phone.failedOps()).extracting(QueuedOp::opId).containsExactly(bad.opId());
      assertThat(phone.status().failed()).isEqualTo(1);
      assertThat(Devices.done(phone, fine).serverStatus()).isEqualTo("duplicate");
      assertThat(phone.profile()).doesNotContainKey("birthYear").doesNotContainKey(
          "displayName");
      assertThat(server("/me/profile", user).getJsonObject("fields").getMap()).isEmpty();
    }
  }

  @Test
  void retryWithAFix_afterMaxAttempts_originalApplied_newIdAndTheFixLands() {
    String user = newUser();
    try (FoodLensSync phone = devices.device(proxied, "phone-1", user)) {
      QueuedOp typo = phone.patchProfile(Map.of("displayName", "Anna"));
      proxy.cutResponseAfter(0);
      Devices.sync(phone);
      for (int i = 0; i < 4; i++) {
        devices.syncLater(phone);
      }
      assertThat(Devices.done(phone, typo).problem().slug()).isEqualTo("max-attempts");
      assertThat(server("/me/profile", user).getJsonObject("fields").getString("displayName"))
          .as("the server applied it; only the answers were lost").isEqualTo("Anna");

      proxy.mode(FaultProxy.Mode.PASS);
      QueuedOp fixed = phone.retry(typo.opId(), Map.of("fields", Map.of("displayName", "Ana")));
      assertThat(fixed.opId()).isNotEqualTo(typo.opId());
      devices.syncLater(phone);

      assertThat(Devices.done(phone, fixed).serverStatus()).isEqualTo("applied");
      assertThat(phone.failedOps()).isEmpty();
      assertThat(server("/me/profile", user).getJsonObject("fields").getString("displayName"))
          .isEqualTo("Ana");
      assertThat(phone.profile()).containsEntry("displayName", "Ana");
    }
  }

  @Test
  void retryAfterMaxAttempts_originalRejected_asIsFailsWithItsProblem_withAFixLands() {
    String user = newUser();
    try (FoodLensSync phone = devices.device(proxied, "phone-1", user)) {
      QueuedOp bad = phone.patchProfile(Map.of("birthYear", 1800));
      proxy.cutResponseAfter(0);
      Devices.sync(phone);
      for (int i = 0; i < 4; i++) {
        devices.syncLater(phone);
      }
      assertThat(Devices.done(phone, bad).problem().slug()).isEqualTo("max-attempts");

      proxy.mode(FaultProxy.Mode.PASS);
      QueuedOp same = phone.retry(bad.opId());
      assertThat(same.opId()).as("it may have been applied: same id").isEqualTo(bad.opId());
      devices.syncLater(phone);
      OpResult verdict = Devices.done(phone, same);
      assertThat(verdict.state()).isEqualTo(OpState.FAILED);
      assertThat(verdict.problem().slug()).isEqualTo("validation-failed");

      QueuedOp fixed = phone.retry(bad.opId(), Map.of("fields", Map.of("birthYear", 1990)));
      assertThat(fixed.opId()).isNotEqualTo(bad.opId());
      Devices.sync(phone);
      assertThat(Devices.done(phone, fixed).serverStatus()).isEqualTo("applied");
      assertThat(phone.failedOps()).isEmpty();
      assertThat(server("/me/profile", user).getJsonObject("fields").getInteger("birthYear"))
          .isEqualTo(1990);
    }
  }

  @Test
  void queueAtItsCap_aWriteFailsAtTheCallWithAnEvent_nothingQueuedIsDropped() {
    String user = newUser();
    devices.airplane.set(true);
    try (FoodLensSync phone = devices.builder(proxied, "phone-1", devices.store("cap-" + user))
        .queueLimits(5, 100_000).build()) {
      phone.signIn(user);
      List<QueuedOp> queued = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        queued.add(phone.createScan(scan(i, null)));
      }
      Devices.sync(phone);

      assertThatThrownBy(() -> phone.createScan(scan(5, null)))
          .isInstanceOf(QueueFullException.class).hasMessageContaining("5 ops of 5");
      assertThat(devices.events).filteredOn(e -> e.type() == SyncEvent.Type.QUEUE_FULL)
          .singleElement().satisfies(e -> assertThat(e.userId()).isEqualTo(user));
      assertThat(phone.pendingOps()).extracting(QueuedOp::opId)
          .containsExactlyElementsOf(queued.stream().map(QueuedOp::opId).toList());
      assertThat(phone.history()).hasSize(5);

      devices.airplane.set(false);
      assertThat(devices.syncLater(phone).queueDepth()).isZero();
      assertThat(rows("history", user)).isEqualTo(5);
      phone.createScan(scan(5, null));
      assertThat(phone.pendingOps()).hasSize(1);
    } finally {
      devices.airplane.set(false);
    }
  }

  @Test
  void queueAtItsByteCap_aBigWriteFailsAtTheCall_smallerOnesStillFit() {
    String user = newUser();
    devices.airplane.set(true);
    try (FoodLensSync phone = devices.builder(proxied, "phone-1", devices.store("bytes-" + user))
        .queueLimits(100, 3_000).build()) {
      phone.signIn(user);
      phone.createScan(scan(0, "n".repeat(1_000)));
      phone.createScan(scan(1, "n".repeat(1_000)));
      QueueFullException full = catchThrowableOfType(
          () -> phone.createScan(scan(2, "n".repeat(1_000))), QueueFullException.class);
      assertThat(full.ops()).isEqualTo(2);
      assertThat(full.bytes()).isGreaterThan(2_000).isLessThanOrEqualTo(3_000);
      phone.patchProfile(Map.of("displayName", "Ana"));
      assertThat(phone.pendingOps()).hasSize(3);
    } finally {
      devices.airplane.set(false);
    }
  }

  @Test
  void consecutivePatchesOfAField_coalesceIntoOnePendingOp_sentOnce() {
    String user = newUser();
    devices.airplane.set(true);
    try (FoodLensSync phone = devices.device(proxied, "phone-1", user)) {
      QueuedOp first = phone.patchProfile(Map.of("displayName", "A"));
      assertThat(phone.patchProfile(Map.of("displayName", "B")).opId()).isEqualTo(first.opId());
      QueuedOp last = phone.patchProfile(Map.of("displayName", "C", "locale", "pt-BR"));
      assertThat(last.opId()).isEqualTo(first.opId());
      QueuedOp settings = phone.patchSettings(Map.of("units", "imperial"));
      phone.patchSettings(Map.of("theme", "dark"));
      phone.patchSettings(Map.of("units", "metric"));
      Scan scan = scan(1, null);
      phone.createScan(scan);
      QueuedOp note = phone.patchScan(scan.id(), Map.of("note", "first"));
      phone.patchScan(scan.id(), Map.of("note", "second", "verdict", "safe"));
      phone.addAllergy("peanut", null);
      phone.addAllergy("peanut", Severity.SEVERE);

      assertThat(phone.pendingOps()).hasSize(6);
      assertThat(phone.pendingOps().get(1).opId()).isEqualTo(settings.opId());
      assertThat(phone.pendingOps().get(3).opId()).isEqualTo(note.opId());
      assertThat(phone.profile()).containsEntry("displayName", "C");
      assertThat(phone.settings()).containsEntry("units", "metric").containsEntry("theme",
          "dark");
      assertThat(phone.history().get(0).note()).isEqualTo("second");

      devices.airplane.set(false);
      assertThat(devices.syncLater(phone).queueDepth()).isZero();
      assertThat(rows("idempotency_ledger", user)).isEqualTo(6);
      JsonObject profile = server("/me/profile", user).getJsonObject("fields");
      assertThat(profile.getString("displayName")).isEqualTo("C");
      assertThat(profile.getString("locale")).isEqualTo("pt-BR");
      JsonObject settingsNow = server("/me/settings", user).getJsonObject("fields");
      assertThat(settingsNow.getString("units")).isEqualTo("metric");
      assertThat(settingsNow.getString("theme")).isEqualTo("dark");
      JsonObject entry = server("/me/history", user).getJsonArray("items").getJsonObject(0);
      assertThat(entry.getString("note")).isEqualTo("second");
      assertThat(entry.getString("verdict")).isEqualTo("safe");
    } finally {
      devices.airplane.set(false);
    }
  }

  @Test
  void aPatchThatLeftTheDevice_neverCoalesces_theNextOneIsAnOpOfItsOwn() {
    String user = newUser();
    try (FoodLensSync phone = devices.device(proxied, "phone-1", user)) {
      QueuedOp sent = phone.patchProfile(Map.of("displayName", "A"));
      proxy.cutResponseAfter(0);
      Devices.sync(phone);
      assertThat(phone.pendingOps()).extracting(QueuedOp::opId).containsExactly(sent.opId());

      QueuedOp next = phone.patchProfile(Map.of("displayName", "B"));

      assertThat(next.opId()).isNotEqualTo(sent.opId());
      proxy.mode(FaultProxy.Mode.PASS);
      devices.syncLater(phone);
      assertThat(Devices.done(phone, sent).serverStatus()).isEqualTo("duplicate");
      assertThat(Devices.done(phone, next).serverStatus()).isEqualTo("applied");
      assertThat(server("/me/profile", user).getJsonObject("fields").getString("displayName"))
          .isEqualTo("B");
    }
  }
}
