package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.SdkGateway;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, items 1–6 and 10: the seams between the legacy folder, offline edits, the
 * first-login migration and the queue, each against the real gateway and Postgres, with legacy
 * stores the test generates ({@link LegacyStores}).
 */
class MigrationSeamsTest {
  static SdkGateway sdk;
  static TestDatabase db;
  static TestGateway gw;
  static URI base;
  final Devices devices = new Devices();
  final Transport http = Transport.http(Duration.ofSeconds(10));

  @BeforeAll
  static void start() {
    sdk = SdkGateway.start(MigrationSeamsTest.class);
    db = sdk.db();
    gw = sdk.gateway();
    base = sdk.direct();
  }

  @AfterAll
  static void stop() {
    sdk.close();
  }

  static String newUser() {
    return "u-" + UUID.randomUUID();
  }

  static JsonObject server(String path, String user) {
    var r = gw.get(path, TestTokens.user(user));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static long liveScans(String user) {
    return db.count("SELECT count(*) FROM history WHERE NOT deleted AND user_id = '" + user
        + "'");
  }

  LegacyStores.Generated legacy(String name, int scans) throws IOException {
    return LegacyStores.write(devices.dir().resolve(name), scans, name.hashCode());
  }

  static boolean migratePost(Transport.Request r) {
    return r.method().equals("POST") && r.uri().getPath().equals("/me/migrate");
  }

  /** Airplane mode as Devices has it; the answers to requests {@code lose} picks never arrive. */
  Transport losing(Predicate<Transport.Request> lose, List<Transport.Request> sent) {
    return request -> {
      if (devices.airplane.get()) {
        throw new ConnectException("airplane mode (test)");
      }
      sent.add(request);
      Transport.Response response = http.send(request);
      if (lose.test(request)) {
        throw new IOException("the answer was lost (test)");
      }
      return response;
    };
  }

  static Predicate<Transport.Request> nthMigratePost(int... which) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      if (!migratePost(r)) {
        return false;
      }
      int n = count.incrementAndGet();
      return java.util.Arrays.stream(which).anyMatch(w -> w == n);
    };
  }

  @Test
  void item1_offlineFirstStart_readsShowTheLegacyRecords_thenTheServers_neverLess()
      throws IOException {
    String user = newUser();
    LegacyStores.Generated legacy = legacy("legacy-1", 450);
    List<Integer> seen = new CopyOnWriteArrayList<>();
    AtomicReference<FoodLensSync> self = new AtomicReference<>();
    Transport watching = request -> {
      Transport.Response response = losing(r -> false, new CopyOnWriteArrayList<>())
          .send(request);
      seen.add(self.get().history().size());
      return response;
    };
    devices.airplane.set(true);
    try (FoodLensSync phone = devices.builder(base, "phone-1", devices.store("p1"))
        .legacyStore(legacy.folder()).migrationChunk(100).transport(watching).build()) {
      self.set(phone);
      phone.signIn(user);

      assertThat(phone.history()).extracting(Scan::id)
          .containsExactlyInAnyOrderElementsOf(legacy.ids(user));
      assertThat(phone.profile()).containsEntry("displayName", "Zoë")
          .containsEntry("locale", "en-GB").containsEntry("dietType", "vegan");
      assertThat(phone.settings()).containsEntry("units", "imperial")
          .containsEntry("theme", "light").containsEntry("notifications.scanReminders", true);
      assertThat(phone.allergies()).extracting(Allergy::allergen)
          .containsExactly("milk", "peanut", "sesame", "tree-nut");
      assertThat(Devices.sync(phone).online()).isFalse();
      assertThat(phone.history()).hasSize(450);

      devices.airplane.set(false);
      SyncStatus after = Devices.sync(phone);

      assertThat(after.migration().state()).isEqualTo(SyncStatus.Migration.State.COMPLETE);
      assertThat(seen).as("history size after every request").isNotEmpty().containsOnly(450);
      assertThat(liveScans(user)).isEqualTo(450);
      assertThat(phone.history()).hasSize(450);
      assertThat(phone.profile()).isEqualTo(server("/me/profile", user).getJsonObject("fields")
          .getMap());
      assertThat(phone.allergies()).extracting(Allergy::allergen)
          .containsExactly("milk", "peanut", "sesame", "tree-nut");
    }
  }

  @Test
  void item2_offlineEditOfALegacyScan_waitsForItsChunk_andLandsOnce_throughALostAnswerAndARestart()
      throws IOException {
    String user = newUser();
    LegacyStores.Generated legacy = legacy("legacy-2", 250);
    UUID lastChunkScan = NameBasedIds.historyId(user, 240);
    UUID firstChunkScan = NameBasedIds.historyId(user, 5);
    Path store = devices.store("p2");
    List<Transport.Request> sent = new CopyOnWriteArrayList<>();
    devices.airplane.set(true);
    try (FoodLensSync phone = devices.builder(base, "phone-2", store)
        .legacyStore(legacy.folder()).migrationChunk(100)
        .transport(losing(nthMigratePost(2), sent)).build()) {
      phone.signIn(user);
      phone.patchScan(lastChunkScan, Map.of("note", "edited offline"));
      phone.deleteScan(firstChunkScan);
      phone.patchProfile(Map.of("displayName", "Zoë B."));
      assertThat(phone.history()).hasSize(249).filteredOn(s -> s.id().equals(lastChunkScan))
          .extracting(Scan::note).containsExactly("edited offline");

      devices.airplane.set(false);
      SyncStatus cut = Devices.sync(phone);

      assertThat(cut.migration().chunksDone()).isEqualTo(1);
      assertThat(cut.queueDepth()).as("the ops wait behind the migration").isEqualTo(3);
      assertThat(sent).noneMatch(r -> r.uri().getPath().equals("/me/sync/push"));
    }
    try (FoodLensSync restarted = devices.builder(base, "phone-2", store)
        .legacyStore(legacy.folder()).migrationChunk(100).build()) {
      restarted.signIn(user);
      assertThat(restarted.history()).hasSize(249);
      SyncStatus done = Devices.sync(restarted);

      assertThat(done.queueDepth()).isZero();
      assertThat(restarted.failedOps()).isEmpty();
      assertThat(done.migration().state()).isEqualTo(SyncStatus.Migration.State.COMPLETE);
    }
    assertThat(db.queryOne("SELECT note FROM history WHERE user_id = '" + user + "' AND id = '"
        + lastChunkScan + "'")).isEqualTo("edited offline");
    assertThat(liveScans(user)).isEqualTo(249);
    assertThat(server("/me/profile", user).getJsonObject("fields").getString("displayName"))
        .isEqualTo("Zoë B.");
  }

  @Test
  void item3_removingALegacyAllergenBeforeTheFirstSync_observesItsOwnImport_noConflict()
      throws IOException {
    String user = newUser();
    LegacyStores.Generated legacy = legacy("legacy-3", 20);
    devices.airplane.set(true);
    try (FoodLensSync phone = devices.builder(base, "phone-3", devices.store("p3"))
        .legacyStore(legacy.folder()).build()) {
      phone.signIn(user);
      QueuedOp remove = phone.removeAllergy("peanut");
      assertThat(phone.allergies()).extracting(Allergy::allergen)
          .containsExactly("milk", "sesame", "tree-nut");

      devices.airplane.set(false);
      Devices.sync(phone);

      assertThat(Devices.done(phone, remove).serverStatus()).isEqualTo("applied");
      assertThat(server("/me/allergies/conflicts", user).getJsonArray("conflicts")).isEmpty();
      assertThat(phone.conflicts()).isEmpty();
      assertThat(phone.allergies()).extracting(Allergy::allergen)
          .containsExactly("milk", "sesame", "tree-nut");
      assertThat(server("/me/allergies", user).getJsonArray("items")).hasSize(3);
    }
  }

  @Test
  void item3_aConcurrentAddOfThatAllergenOnAnotherDevice_stillOpensAConflict()
      throws IOException {
    String user = newUser();
    LegacyStores.Generated legacy = legacy("legacy-3b", 20);
    devices.airplane.set(true);
    try (FoodLensSync phone = devices.builder(base, "phone-3b", devices.store("p3b"))
        .legacyStore(legacy.folder()).build();
        FoodLensSync tablet = devices.builder(base, "tablet-3b", devices.store("t3b"))
            .transport(http).build()) {
      phone.signIn(user);
      QueuedOp remove = phone.removeAllergy("peanut");
      tablet.signIn(user);
      tablet.addAllergy("peanut", Severity.SEVERE);
      Devices.sync(tablet);

      devices.airplane.set(false);
      Devices.sync(phone);

      assertThat(Devices.done(phone, remove).serverStatus()).isEqualTo("conflict");
      assertThat(server("/me/allergies/conflicts", user).getJsonArray("conflicts")).hasSize(1);
      assertThat(phone.allergies()).filteredOn(a -> a.allergen().equals("peanut"))
          .extracting(Allergy::pendingConfirmation).containsExactly(true);
    }
  }

  @Test
  void item4_reinstallWithTheLegacyFolderStillThere_asksTheServer_neverSendsAgain()
      throws IOException {
    String user = newUser();
    LegacyStores.Generated legacy = legacy("legacy-4", 120);
    try (FoodLensSync first = devices.builder(base, "phone-4", devices.store("p4"))
        .legacyStore(legacy.folder()).build()) {
      first.signIn(user);
      assertThat(Devices.sync(first).migration().state())
          .isEqualTo(SyncStatus.Migration.State.COMPLETE);
    }
    List<Transport.Request> sent = new CopyOnWriteArrayList<>();
    try (FoodLensSync reinstalled = devices.builder(base, "phone-4-reinstalled",
        devices.store("p4-again")).legacyStore(legacy.folder())
        .transport(losing(r -> false, sent)).build()) {
      reinstalled.signIn(user);
      Devices.sync(reinstalled);
      SyncStatus status = Devices.sync(reinstalled);

      assertThat(sent).noneMatch(MigrationSeamsTest::migratePost);
      assertThat(sent).anyMatch(r -> r.uri().getPath().equals("/me/migrate"));
      assertThat(status.migration().state()).isEqualTo(SyncStatus.Migration.State.COMPLETE);
      assertThat(status.lastError()).isNull();
      assertThat(reinstalled.history()).hasSize(120);
    }
    assertThat(liveScans(user)).isEqualTo(120);
  }

  @Test
  void item4_aStoreWhoseMigrationAnEarlierSdkFinished_neverShowsOrSendsTheFolderAgain()
      throws IOException {
    String user = newUser();
    LegacyStores.Generated legacy = legacy("legacy-4c", 30);
    Path store = devices.store("p4c");
    try (Db earlier = Db.open(store)) {
      earlier.run(d -> {
        Meta.claimDevice(d, LegacyMigration.OWNER, user);
        Meta.user(d, user, "migration.state", "complete");
      });
    }
    List<Transport.Request> sent = new CopyOnWriteArrayList<>();
    try (FoodLensSync updated = devices.builder(base, "phone-4c", store)
        .legacyStore(legacy.folder()).transport(losing(r -> false, sent)).build()) {
      updated.signIn(user);
      assertThat(updated.status().migration().state())
          .isEqualTo(SyncStatus.Migration.State.COMPLETE);
      assertThat(updated.history()).as("the server's state, not the folder").isEmpty();
      Devices.sync(updated);
      assertThat(sent).noneMatch(r -> r.uri().getPath().equals("/me/migrate"));
    }
  }

  @Test
  void item4_twoDevicesHoldingTheSameLegacyData_importItOnce_withoutA422() throws IOException {
    String user = newUser();
    LegacyStores.Generated legacy = legacy("legacy-4b", 250);
    LegacyStores.Generated backup = LegacyStores.write(devices.dir().resolve("legacy-4b-copy"),
        250, "legacy-4b".hashCode());
    List<Transport.Request> sent = new CopyOnWriteArrayList<>();
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    Transport recording = request -> {
      Transport.Response response = http.send(request);
      if (migratePost(request)) {
        statuses.add(response.status());
      }
      return response;
    };
    try (FoodLensSync phone = devices.builder(base, "phone-4b", devices.store("p4b"))
        .legacyStore(legacy.folder()).migrationChunk(100)
        .transport(losing(nthMigratePost(2), sent)).build();
        FoodLensSync tablet = devices.builder(base, "tablet-4b", devices.store("t4b"))
            .legacyStore(backup.folder()).migrationChunk(100).transport(recording).build()) {
      phone.signIn(user);
      assertThat(Devices.sync(phone).migration().state())
          .isEqualTo(SyncStatus.Migration.State.PENDING);
      tablet.signIn(user);
      SyncStatus tabletDone = Devices.sync(tablet);
      SyncStatus phoneDone = Devices.sync(phone);

      assertThat(statuses).isNotEmpty().containsOnly(200);
      assertThat(tabletDone.migration().state()).isEqualTo(SyncStatus.Migration.State.COMPLETE);
      assertThat(phoneDone.migration().state()).isEqualTo(SyncStatus.Migration.State.COMPLETE);
      assertThat(phoneDone.lastError()).isNull();
      assertThat(liveScans(user)).isEqualTo(250);
      Devices.sync(tablet);
      assertThat(phone.history()).isEqualTo(tablet.history()).hasSize(250);
    }
  }

  @Test
  void item5_aChunkWhoseAnswerWasLost_isRetriedAfterTheBackoff_notThePullInterval()
      throws Exception {
    String user = newUser();
    LegacyStores.Generated legacy = legacy("legacy-5", 250);
    List<Transport.Request> sent = new CopyOnWriteArrayList<>();
    try (FoodLensSync phone = FoodLensSync.builder().baseUri(base).deviceId("phone-5")
        .storePath(devices.store("p5")).tokens(TestTokens::user).legacyStore(legacy.folder())
        .migrationChunk(100).pullInterval(Duration.ofMinutes(10))
        .backoff(Backoff.of(Duration.ofMillis(50), Duration.ofSeconds(1), 5))
        .transport(losing(nthMigratePost(1, 2, 4), sent)).build()) {
      phone.signIn(user);
      // A guard, not a measure: waiting for the 10-minute pull interval would never get here.
      for (int i = 0; i < 300 && phone.status().migration().state()
          != SyncStatus.Migration.State.COMPLETE; i++) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
      assertThat(phone.status().migration().state())
          .isEqualTo(SyncStatus.Migration.State.COMPLETE);
      assertThat(sent.stream().filter(MigrationSeamsTest::migratePost)).hasSize(6);
    }
    assertThat(liveScans(user)).isEqualTo(250);
  }

  @Test
  void item5_aLostAnswerAfterASuccess_isRetriedAtOnce_aSecondInARowWaitsForTheBackoff()
      throws IOException {
    String user = newUser();
    LegacyStores.Generated legacy = legacy("legacy-5b", 250);
    try (FoodLensSync phone = devices.builder(base, "phone-5b", devices.store("p5b"))
        .legacyStore(legacy.folder()).migrationChunk(100)
        .backoff(Backoff.of(Duration.ofMinutes(1), Duration.ofMinutes(5), 10))
        .transport(losing(nthMigratePost(2, 3), new CopyOnWriteArrayList<>())).build()) {
      phone.signIn(user);
      SyncStatus once = Devices.sync(phone);
      assertThat(once.migration().chunksDone()).isEqualTo(1);
      assertThat(once.nextAttemptAt()).as("retried at once").isNotNull()
          .isBeforeOrEqualTo(devices.clock.instant());

      SyncStatus twice = Devices.sync(phone);
      assertThat(twice.nextAttemptAt()).as("backs off").isAfter(devices.clock.instant());
    }
  }

  @Test
  void item6_networkBack_networkAvailableTriesAtOnce_andTheCycleClearsLastError()
      throws Exception {
    String user = newUser();
    LegacyStores.Generated legacy = legacy("legacy-6", 30);
    devices.airplane.set(true);
    try (FoodLensSync phone = devices.builder(base, "phone-6", devices.store("p6"))
        .legacyStore(legacy.folder())
        .backoff(Backoff.of(Duration.ofMinutes(1), Duration.ofMinutes(5), 10)).build()) {
      phone.signIn(user);
      for (int i = 0; i < 4; i++) {
        Devices.sync(phone);
      }
      SyncStatus offline = phone.status();
      assertThat(offline.lastError()).contains("airplane mode");
      assertThat(offline.nextAttemptAt()).isAfter(devices.clock.instant());

      devices.airplane.set(false);
      SyncStatus back = phone.networkAvailable().get(60, TimeUnit.SECONDS);

      assertThat(back.migration().state()).isEqualTo(SyncStatus.Migration.State.COMPLETE);
      assertThat(back.lastError()).isNull();
      assertThat(back.nextAttemptAt()).isNull();
      assertThat(back.online()).isTrue();
    }
    assertThat(liveScans(user)).isEqualTo(30);
  }

  @Test
  void item6_syncNowAfterFailures_triesAtOnce_withoutWaitingForTheBackoff() throws Exception {
    String user = newUser();
    List<Transport.Request> sent = new CopyOnWriteArrayList<>();
    try (FoodLensSync phone = devices.builder(base, "phone-6b", devices.store("p6b"))
        .backoff(Backoff.of(Duration.ofMinutes(1), Duration.ofMinutes(5), 10))
        .transport(losing(r -> r.uri().getPath().equals("/me/sync/push") && sent.stream()
            .filter(s -> s.uri().getPath().equals("/me/sync/push")).count() <= 2, sent))
        .build()) {
      phone.signIn(user);
      QueuedOp op = phone.patchProfile(Map.of("displayName", "Now"));
      Devices.sync(phone);
      Devices.sync(phone);
      assertThat(phone.status().nextAttemptAt()).isAfter(devices.clock.instant());

      SyncStatus now = Devices.sync(phone);

      assertThat(now.queueDepth()).isZero();
      assertThat(now.lastError()).isNull();
      assertThat(Devices.done(phone, op).serverStatus()).isEqualTo("duplicate");
    }
  }

  @Test
  void item10_statusAndEvents_carryTypedMigrationProgress() throws IOException {
    String user = newUser();
    LegacyStores.Generated legacy = legacy("legacy-10", 250);
    devices.airplane.set(true);
    try (FoodLensSync phone = devices.builder(base, "phone-10", devices.store("p10"))
        .legacyStore(legacy.folder()).migrationChunk(100).build()) {
      phone.signIn(user);
      SyncStatus.Migration pending = phone.status().migration();
      assertThat(pending.state()).isEqualTo(SyncStatus.Migration.State.PENDING);
      assertThat(pending.chunksDone()).isZero();
      assertThat(pending.chunksTotal()).isEqualTo(3);
      assertThat(pending.historyEntries()).isEqualTo(250);
      assertThat(pending.badLines()).isEqualTo(legacy.badLines()).isPositive();
      assertThat(pending.duplicateLines()).isEqualTo(legacy.duplicateLines()).isPositive();

      devices.airplane.set(false);
      SyncStatus.Migration done = Devices.sync(phone).migration();

      assertThat(done.state()).isEqualTo(SyncStatus.Migration.State.COMPLETE);
      assertThat(done.chunksDone()).isEqualTo(3);
      assertThat(done.imported()).containsEntry("history", 250).containsEntry("allergies", 4)
          .containsEntry("profile", 4).containsEntry("settings", 3);
      assertThat(done.recordsImported()).isEqualTo(261);
      assertThat(done.completedAt()).isNotNull();
      assertThat(devices.events).filteredOn(e -> e.migration() != null)
          .extracting(e -> e.type() + " " + e.migration().chunksDone())
          .containsExactly("MIGRATION_STARTED 0", "MIGRATION_PROGRESS 1", "MIGRATION_PROGRESS 2",
              "MIGRATION_COMPLETE 3");
    }
  }
}
