package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.model.Checkpoint;
import dev.foodlens.sync.testing.FaultProxy;
import dev.foodlens.sync.testing.SdkGateway;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's acceptance matrix, each cell against the real gateway and Postgres: the client SDK
 * through a fault proxy where the cell needs one. Clients sync only when told (syncNow) and run
 * on a hand-moved clock, so nothing here waits on timing.
 */
class OfflineMatrixTest {
  static SdkGateway sdk;
  static TestDatabase db;
  static TestGateway gw;
  static FaultProxy proxy;
  static URI direct;
  static URI proxied;
  Devices devices = new Devices();

  @BeforeAll
  static void start() {
    sdk = SdkGateway.start(OfflineMatrixTest.class);
    db = sdk.db();
    gw = sdk.gateway();
    proxy = sdk.proxy();
    direct = sdk.direct();
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

  static Scan scan(int n) {
    return new Scan(UUID.randomUUID(), Instant.parse("2026-11-24T10:00:00Z").plusSeconds(n),
        "789100010010" + n, "Biscuit " + n, Verdict.UNSAFE, List.of("peanut"), null);
  }

  @Test
  void cell1_offlineEditsThenReconnect_allArriveOnceInOrder() {
    String user = newUser();
    devices.airplane.set(true);
    try (FoodLensSync phone = devices.device(proxied, "phone-1", user)) {
      List<QueuedOp> ops = List.of(phone.patchProfile(Map.of("displayName", "Ana 1")),
          phone.addAllergy("Peanut", Severity.SEVERE), phone.createScan(scan(1)),
          phone.patchProfile(Map.of("displayName", "Ana 2")), phone.createScan(scan(2)),
          phone.patchSettings(Map.of("units", "imperial")));
      SyncStatus offline = Devices.sync(phone);
      assertThat(offline.online()).isFalse();
      assertThat(offline.queueDepth()).isEqualTo(6);
      assertThat(phone.profile()).containsEntry("displayName", "Ana 2");
      assertThat(phone.history()).hasSize(2);
      assertThat(phone.pendingOps()).extracting(QueuedOp::attempts).containsOnly(0);

      devices.airplane.set(false);
      SyncStatus online = devices.syncLater(phone);

      assertThat(online.queueDepth()).isZero();
      assertThat(online.online()).isTrue();
      List<Long> versions = ops.stream().map(op -> Devices.done(phone, op))
          .peek(r -> assertThat(r.serverStatus()).isEqualTo("applied"))
          .map(OpResult::version).toList();
      assertThat(versions).isSorted().doesNotHaveDuplicates();
      assertThat(server("/me/profile", user).getJsonObject("fields").getString("displayName"))
          .isEqualTo("Ana 2");
      assertThat(rows("history", user)).isEqualTo(2);
      assertThat(rows("idempotency_ledger", user)).isEqualTo(6);
      assertThat(phone.profile()).containsEntry("displayName", "Ana 2");
    }
  }

  @Test
  void cell2_responseLostAfterCommit_retryIsDuplicate_nothingAppliedTwice() {
    String user = newUser();
    try (FoodLensSync phone = devices.device(proxied, "phone-1", user)) {
      List<QueuedOp> ops = List.of(phone.createScan(scan(1)), phone.addAllergy("sesame", null),
          phone.patchProfile(Map.of("displayName", "Bo")));
      proxy.cutResponseAfter(0);
      SyncStatus cut = Devices.sync(phone);
      assertThat(cut.queueDepth()).isEqualTo(3);
      assertThat(phone.pendingOps()).extracting(QueuedOp::attempts).containsOnly(1);
      assertThat(rows("history", user)).as("the server committed").isEqualTo(1);

      proxy.mode(FaultProxy.Mode.PASS);
      devices.syncLater(phone);

      assertThat(ops).allSatisfy(op -> assertThat(Devices.done(phone, op).serverStatus())
          .isEqualTo("duplicate"));
      assertThat(rows("history", user)).isEqualTo(1);
      assertThat(rows("allergy_tags", user)).isEqualTo(1);
      assertThat(rows("idempotency_ledger", user)).isEqualTo(3);
    }
  }

  @Test
  void cell2_responseCutMidway_andDelayed_retryIsDuplicate() {
    String user = newUser();
    try (FoodLensSync phone = devices.device(proxied, "phone-1", user)) {
      QueuedOp op = phone.createScan(scan(1));
      proxy.delay(Duration.ofMillis(50));
      proxy.cutResponseAfter(20);
      assertThat(Devices.sync(phone).queueDepth()).isEqualTo(1);

      proxy.mode(FaultProxy.Mode.PASS);
      devices.syncLater(phone);

      assertThat(Devices.done(phone, op).serverStatus()).isEqualTo("duplicate");
      assertThat(rows("history", user)).isEqualTo(1);
    }
  }

  @Test
  void cell6_twoDevicesOfflineThenSync_removeFirst_convergeWithOneConflict() {
    twoDevices(true);
  }

  @Test
  void cell6_twoDevicesOfflineThenSync_addFirst_convergeWithOneConflict() {
    twoDevices(false);
  }

  private void twoDevices(boolean removerFirst) {
    String user = newUser();
    try (FoodLensSync a = devices.device(direct, "phone-a", user);
        FoodLensSync b = devices.device(direct, "phone-b", user)) {
      QueuedOp seed = a.addAllergy("peanut", Severity.SEVERE);
      Devices.sync(a);
      assertThat(Devices.done(a, seed).state()).isEqualTo(OpState.SYNCED);
      Devices.sync(b);
      assertThat(b.allergies()).extracting(Allergy::allergen).containsExactly("peanut");

      a.patchProfile(Map.of("displayName", "From A"));
      a.patchSettings(Map.of("units", "imperial"));
      a.removeAllergy("peanut");
      b.patchProfile(Map.of("locale", "pt-BR", "displayName", "From B"));
      b.patchSettings(Map.of("theme", "dark"));
      b.addAllergy("peanut", Severity.MILD);
      FoodLensSync first = removerFirst ? a : b;
      FoodLensSync second = removerFirst ? b : a;
      Devices.sync(first);
      Devices.sync(second);
      Devices.sync(first);

      assertThat(a.profile()).isEqualTo(b.profile()).containsEntry("locale", "pt-BR");
      assertThat(a.profile().get("displayName")).isEqualTo(removerFirst ? "From B" : "From A");
      assertThat(a.settings()).isEqualTo(b.settings()).containsEntry("units", "imperial")
          .containsEntry("theme", "dark");
      assertThat(a.allergies()).isEqualTo(b.allergies()).singleElement()
          .satisfies(x -> assertThat(x.pendingConfirmation()).isTrue());
      assertThat(a.conflicts()).isEqualTo(b.conflicts()).singleElement()
          .satisfies(c -> assertThat(c.open()).isTrue());

      UUID conflict = second.conflicts().get(0).id();
      QueuedOp resolve = second.resolveConflict(conflict, Decision.REMOVE);
      Devices.sync(second);
      OpResult resolved = Devices.done(second, resolve);
      assertThat(resolved.state()).isEqualTo(OpState.SYNCED);
      Devices.sync(first);
      assertThat(a.allergies()).isEmpty();
      assertThat(b.allergies()).isEmpty();
      assertThat(first.conflicts()).singleElement()
          .satisfies(c -> assertThat(c.state()).isEqualTo(Conflict.State.RESOLVED));
      assertThat(server("/me/allergies", user).getJsonArray("items")).isEmpty();
    }
  }

  @Test
  void cell7_reinstallAndDeviceChange_bootstrapRestoresTheFullState() {
    String user = newUser();
    try (FoodLensSync old = devices.device(direct, "old-phone", user)) {
      old.patchProfile(Map.of("displayName", "Cy", "birthYear", 1990));
      old.patchSettings(Map.of("strictMode", true));
      old.addAllergy("milk", Severity.MODERATE);
      Scan kept = scan(1);
      Scan gone = scan(2);
      old.createScan(kept);
      old.createScan(gone);
      old.patchScan(kept.id(), Map.of("note", "fine"));
      old.deleteScan(gone.id());
      Devices.sync(old);
      for (String device : List.of("old-phone-reinstalled", "new-phone")) {
        try (FoodLensSync fresh = devices.builder(direct, device, devices.store(device))
            .pageSize(2).build()) {
          fresh.signIn(user);
          SyncStatus status = Devices.sync(fresh);
          assertThat(status.bootstrap().pages()).isGreaterThan(1);
          assertThat(fresh.profile()).isEqualTo(old.profile());
          assertThat(fresh.settings()).isEqualTo(old.settings());
          assertThat(fresh.allergies()).isEqualTo(old.allergies());
          assertThat(fresh.history()).isEqualTo(old.history()).singleElement()
              .satisfies(s -> assertThat(s.note()).isEqualTo("fine"));
        }
      }
    }
  }

  @Test
  void pull_checkpointExpired_rebootstrapsAndKeepsThePendingOps() {
    String user = newUser();
    Path storeFile = devices.store("expired-" + user);
    try (FoodLensSync phone = devices.builder(direct, "phone-1", storeFile).build()) {
      phone.signIn(user);
      phone.patchProfile(Map.of("displayName", "Di"));
      Devices.sync(phone);
    }
    Db raw = Db.open(storeFile);
    raw.run(d -> {
      d.update("UPDATE sync_state SET checkpoint = ? WHERE user_id = ?",
        Checkpoint.after(1_000_000).encode(), user);
    });
    raw.close();
    proxy.mode(FaultProxy.Mode.REFUSE);
    try (FoodLensSync phone = devices.builder(proxied, "phone-1", storeFile).build()) {
      phone.signIn(user);
      QueuedOp offline = phone.patchSettings(Map.of("units", "imperial"));
      Devices.sync(phone);
      proxy.mode(FaultProxy.Mode.PASS);
      devices.events.clear();
      devices.syncLater(phone);
      assertThat(devices.events).extracting(SyncEvent::type)
          .contains(SyncEvent.Type.BOOTSTRAPPED);
      assertThat(Devices.done(phone, offline).state()).isEqualTo(OpState.SYNCED);
      assertThat(phone.settings()).containsEntry("units", "imperial");
      assertThat(phone.profile()).containsEntry("displayName", "Di");
    }
  }

  @Test
  void cell8_userSwitch_bNeverSeesOrSendsAsQueue_aSendsUnderItsOwnToken() {
    String a = newUser();
    String b = newUser();
    proxy.mode(FaultProxy.Mode.REFUSE);
    try (FoodLensSync phone = devices.builder(proxied, "shared-phone",
        devices.store("shared-" + a)).build()) {
      phone.signIn(a);
      QueuedOp aWrite = phone.patchProfile(Map.of("displayName", "Alice"));
      phone.addAllergy("peanut", Severity.SEVERE);
      Devices.sync(phone);
      phone.signOut();
      proxy.mode(FaultProxy.Mode.PASS);

      phone.signIn(b);
      assertThat(phone.profile()).isEmpty();
      assertThat(phone.allergies()).isEmpty();
      assertThat(phone.pendingOps()).isEmpty();
      devices.tokenUsers.clear();
      phone.patchProfile(Map.of("displayName", "Bob"));
      devices.syncLater(phone);
      assertThat(devices.tokenUsers).containsOnly(b);
      assertThat(rows("lww_fields", a)).isZero();
      assertThat(server("/me/profile", b).getJsonObject("fields").getString("displayName"))
          .isEqualTo("Bob");
      assertThat(server("/me/allergies", b).getJsonArray("items")).isEmpty();

      phone.signOut();
      phone.signIn(a);
      assertThat(phone.profile()).containsEntry("displayName", "Alice");
      devices.tokenUsers.clear();
      devices.syncLater(phone);
      assertThat(devices.tokenUsers).containsOnly(a);
      assertThat(Devices.done(phone, aWrite).state()).isEqualTo(OpState.SYNCED);
      assertThat(server("/me/profile", a).getJsonObject("fields").getString("displayName"))
          .isEqualTo("Alice");
      assertThat(server("/me/profile", b).getJsonObject("fields").getString("displayName"))
          .isEqualTo("Bob");
    }
  }

  @Test
  void cell10_writesPaused_queueWaitsForRetryAfter_keepsEveryOp_thenDrains() {
    String user = newUser();
    AtomicInteger pushes = new AtomicInteger();
    Transport counting = countingPushes(pushes);
    try (FoodLensSync phone = devices.builder(direct, "phone-1", devices.store("paused-" + user))
        .transport(counting).build()) {
      phone.signIn(user);
      toggles("{\"writesPaused\": true}");
      try {
        List<QueuedOp> ops = List.of(phone.patchProfile(Map.of("displayName", "Ed")),
            phone.createScan(scan(1)));
        Instant before = devices.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SyncStatus paused = Devices.sync(phone);
        assertThat(paused.queueDepth()).isEqualTo(2);
        assertThat(paused.lastError()).contains("503 writes-paused");
        assertThat(paused.nextAttemptAt()).isAfterOrEqualTo(before.plusSeconds(5));
        assertThat(phone.pendingOps()).extracting(QueuedOp::attempts).containsOnly(0);
        int sent = pushes.get();
        Devices.sync(phone);
        assertThat(pushes.get()).as("no push before Retry-After").isEqualTo(sent);

        toggles("{\"writesPaused\": false}");
        devices.clock.advance(Duration.ofSeconds(5));
        Devices.sync(phone);
        assertThat(ops).allSatisfy(op -> assertThat(Devices.done(phone, op).serverStatus())
            .isEqualTo("applied"));
      } finally {
        toggles("{\"writesPaused\": false}");
      }
    }
  }

  @Test
  void cell10_rateLimited_queueWaitsForRetryAfter_thenDrains() {
    String user = newUser();
    try (TestGateway strict = TestGateway.on(db).env("FOODLENS_HTTP_INSTANCES", "1")
        .env("FOODLENS_LIMITS_USER_RATE", "1").env("FOODLENS_LIMITS_USER_BURST", "1").start();
        FoodLensSync phone = devices.device(URI.create("http://127.0.0.1:" + strict.port()),
            "phone-1", user)) {
      strict.get("/me/profile", TestTokens.user(user));
      QueuedOp op = phone.patchProfile(Map.of("displayName", "Flo"));
      Instant before = devices.clock.instant().truncatedTo(ChronoUnit.MILLIS);
      SyncStatus limited = Devices.sync(phone);
      assertThat(limited.lastError()).contains("429 rate-limited");
      assertThat(limited.queueDepth()).isEqualTo(1);
      assertThat(limited.nextAttemptAt()).isAfterOrEqualTo(before.plusSeconds(1));

      // The server's bucket refills in real time (1 token/s), whatever the client's clock says.
      OpResult result = null;
      for (int i = 0; i < 100 && result == null; i++) {
        pause(200);
        devices.syncLater(phone);
        var done = phone.completion(op.opId());
        result = done.isDone() ? done.join() : null;
      }
      assertThat(result).isNotNull();
      assertThat(result.serverStatus()).isEqualTo("applied");
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void cell11_permanent422_isListedWithItsProblem_retriedAfterAFixOrDiscarded_neverBlocks() {
    String user = newUser();
    try (FoodLensSync phone = devices.device(direct, "phone-1", user)) {
      QueuedOp bad = phone.patchProfile(Map.of("birthYear", 1800));
      QueuedOp worse = phone.patchSettings(Map.of("units", "furlongs"));
      QueuedOp fine = phone.createScan(scan(1));
      Devices.sync(phone);

      assertThat(Devices.done(phone, fine).state()).isEqualTo(OpState.SYNCED);
      assertThat(phone.failedOps()).extracting(QueuedOp::opId)
          .containsExactly(bad.opId(), worse.opId());
      Problem problem = phone.failedOps().get(0).problem();
      assertThat(problem.slug()).isEqualTo("validation-failed");
      assertThat(problem.json()).contains("fields.birthYear");
      assertThat(Devices.done(phone, bad).state()).isEqualTo(OpState.FAILED);
      assertThat(phone.status().failed()).isEqualTo(2);

      QueuedOp fixed = phone.retry(bad.opId(),
          Map.of("fields", Map.of("birthYear", 1990)));
      assertThat(fixed.opId()).isNotEqualTo(bad.opId());
      phone.discard(worse.opId());
      Devices.sync(phone);

      assertThat(Devices.done(phone, fixed).serverStatus()).isEqualTo("applied");
      assertThat(phone.failedOps()).isEmpty();
      assertThat(server("/me/profile", user).getJsonObject("fields").getInteger("birthYear"))
          .isEqualTo(1990);
      assertThat(server("/me/settings", user).getJsonObject("fields").getString("units"))
          .isEqualTo("metric");
    }
  }

  @Test
  void unauthorizedOnce_callsTheTokenSourceAgain_andRetriesWithoutTouchingTheQueue() {
    String user = newUser();
    AtomicInteger asked = new AtomicInteger();
    try (FoodLensSync phone = devices.builder(direct, "phone-1", devices.store("401-" + user))
        .tokens(u -> asked.getAndIncrement() == 0 ? "expired.token.here" : TestTokens.user(u))
        .build()) {
      phone.signIn(user);
      QueuedOp op = phone.patchProfile(Map.of("displayName", "Gus"));
      devices.events.clear();
      Devices.sync(phone);
      OpResult result = Devices.done(phone, op);
      assertThat(result.serverStatus()).isEqualTo("applied");
      assertThat(phone.status().failed()).isZero();
      assertThat(devices.events).filteredOn(e -> op.opId().equals(e.opId()))
          .extracting(SyncEvent::state).containsExactly(OpState.SENDING, OpState.SYNCED);
    }
  }

  @Test
  void autoSync_aWriteIsPushedAndPulledWithoutBeingAsked() {
    String user = newUser();
    try (FoodLensSync phone = devices.builder(direct, "phone-1", devices.store("auto-" + user))
        .clock(java.time.Clock.systemUTC()).autoSync(true).build()) {
      phone.signIn(user);
      QueuedOp op = phone.addAllergy("celery", Severity.MILD);
      assertThat(Devices.done(phone, op).serverStatus()).isEqualTo("applied");
      assertThat(server("/me/allergies", user).getJsonArray("items")).hasSize(1);
    }
  }

  private static void toggles(String body) {
    var r = gw.write(HttpMethod.PUT, "/admin/toggles", TestTokens.admin("ops"),
        UUID.randomUUID(), body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  private static Transport countingPushes(AtomicInteger pushes) {
    Transport http = Transport.http(Duration.ofSeconds(10));
    return request -> {
      if (request.uri().getPath().equals("/me/sync/push")) {
        pushes.incrementAndGet();
      }
      return http.send(request);
    };
  }
}
