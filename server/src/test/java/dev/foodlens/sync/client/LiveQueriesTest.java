package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's acceptance for the live queries, async writes and the sign-out that forgets,
 * against the real gateway and Postgres. Observers deliver on an "app-ui" thread the test owns;
 * a value the test waits for arrives through a queue (the wait's bound only keeps a broken build
 * from hanging), and "nothing more arrived" is checked after a barrier task on that thread.
 */
class LiveQueriesTest {
  static TestDatabase db;
  static TestGateway gw;
  static URI direct;
  final Devices devices = new Devices();
  final ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-ui"));
  final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() {
    db = TestDatabase.create(LiveQueriesTest.class);
    gw = TestGateway.on(db).env("FOODLENS_HTTP_INSTANCES", "1").start();
    direct = URI.create("http://127.0.0.1:" + gw.port());
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  @AfterEach
  void stopUi() {
    ui.shutdownNow();
  }

  static String newUser() {
    return "u-" + UUID.randomUUID();
  }

  /** Records each value with the thread that delivered it. */
  <T> java.util.function.Consumer<T> into(BlockingQueue<T> values) {
    return v -> {
      threads.add(Thread.currentThread().getName());
      values.add(v);
    };
  }

  static <T> T next(BlockingQueue<T> values) {
    try {
      T value = values.poll(60, TimeUnit.SECONDS);
      assertThat(value).as("a delivery").isNotNull();
      return value;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every delivery handed to the ui thread before now has run. */
  void drainUi() {
    CompletableFuture.runAsync(() -> { }, ui).join();
  }

  static List<String> codes(LiveValue<List<Allergy>> v) {
    return v.value().stream().map(Allergy::allergen).toList();
  }

  @Test
  void anObserverSeesTheLocalWriteAtOnceAsPending_thenTheServersConfirmation() {
    String user = newUser();
    try (FoodLensSync phone = devices.device(direct, "phone", user)) {
      BlockingQueue<LiveValue<List<Allergy>>> seen = new LinkedBlockingQueue<>();
      try (Subscription s = phone.observeAllergies(ui, into(seen))) {
        LiveValue<List<Allergy>> first = next(seen);
        assertThat(first.value()).isEmpty();
        assertThat(first.pendingWrites()).isFalse();

        QueuedOp op = phone.addAllergy("peanut", Severity.SEVERE);
        LiveValue<List<Allergy>> local = next(seen);
        assertThat(codes(local)).containsExactly("peanut");
        assertThat(local.value().get(0).severity()).isEqualTo("severe");
        assertThat(local.pendingWrites()).isTrue();

        Devices.sync(phone);
        assertThat(Devices.done(phone, op).state()).isEqualTo(OpState.SYNCED);
        LiveValue<List<Allergy>> confirmed = next(seen);
        assertThat(codes(confirmed)).containsExactly("peanut");
        assertThat(confirmed.pendingWrites()).isFalse();
        drainUi();
        assertThat(seen).as("the pull changed nothing the observer sees").isEmpty();
      }
      assertThat(threads).isNotEmpty().containsOnly("app-ui");
    }
  }

  @Test
  void aPullFromAnotherDeviceUpdatesTheObserver_andCancellingStopsDelivery() {
    String user = newUser();
    try (FoodLensSync phone = devices.device(direct, "phone", user);
        FoodLensSync tablet = devices.device(direct, "tablet", user)) {
      BlockingQueue<LiveValue<Profile>> profiles = new LinkedBlockingQueue<>();
      BlockingQueue<LiveValue<List<Allergy>>> cancelled = new LinkedBlockingQueue<>();
      Subscription live = phone.observeProfile(ui, into(profiles));
      Subscription gone = phone.observeAllergies(ui, into(cancelled));
      assertThat(next(profiles).value().displayName()).isNull();
      assertThat(next(cancelled).value()).isEmpty();
      gone.close();

      tablet.patchProfile(Map.of("displayName", "Ana", "birthYear", 1990));
      tablet.addAllergy("milk", null);
      Devices.sync(tablet);
      Devices.sync(phone);
      LiveValue<Profile> pulled = next(profiles);
      assertThat(pulled.value()).isEqualTo(new Profile("Ana", null, null, null, 1990));
      assertThat(pulled.pendingWrites()).isFalse();
      assertThat(phone.allergies()).extracting(Allergy::allergen).containsExactly("milk");

      drainUi();
      assertThat(cancelled).as("nothing after close()").isEmpty();
      live.close();
      assertThat(threads).containsOnly("app-ui");
    }
  }

  @Test
  void aConflictOpeningFiresOneEventWithBothSidesTyped() {
    String user = newUser();
    try (FoodLensSync a = devices.device(direct, "phone-a", user);
        FoodLensSync b = devices.device(direct, "phone-b", user)) {
      a.addAllergy("peanut", Severity.SEVERE);
      Devices.sync(a);
      Devices.sync(b);
      BlockingQueue<Conflict> opened = new LinkedBlockingQueue<>();
      BlockingQueue<LiveValue<List<Conflict>>> lists = new LinkedBlockingQueue<>();
      try (Subscription s = a.onConflictOpened(ui, into(opened));
          Subscription l = a.observeConflicts(ui, into(lists))) {
        assertThat(next(lists).value()).isEmpty();
        QueuedOp remove = a.removeAllergy("peanut");
        QueuedOp add = b.addAllergy("peanut", Severity.MILD);
        Devices.sync(a);
        Devices.sync(b);
        Devices.sync(a);
        Devices.sync(a);

        Conflict conflict = next(opened);
        assertThat(conflict.allergen()).isEqualTo("peanut");
        assertThat(conflict.state()).isEqualTo(Conflict.State.OPEN);
        assertThat(conflict.remove().deviceId()).isEqualTo("phone-a");
        assertThat(conflict.remove().opId()).isEqualTo(remove.opId());
        assertThat(conflict.add().deviceId()).isEqualTo("phone-b");
        assertThat(conflict.add().opId()).isEqualTo(add.opId());
        assertThat(conflict.add().receivedAt()).isAfter(conflict.remove().receivedAt());
        assertThat(conflict.detectedAt()).isNotNull();
        assertThat(a.conflicts()).containsExactly(conflict);
        assertThat(devices.events).filteredOn(e -> e.type() == SyncEvent.Type.CONFLICT_OPENED
            && e.userId().equals(user)).extracting(SyncEvent::conflict)
            .containsExactly(conflict, conflict);

        a.resolveConflict(conflict.id(), Decision.KEEP);
        Devices.sync(a);
        drainUi();
        assertThat(opened).as("one event for the conflict").isEmpty();
        assertThat(lists).last().satisfies(v -> assertThat(v.value()).singleElement()
            .satisfies(c -> {
              assertThat(c.state()).isEqualTo(Conflict.State.RESOLVED);
              assertThat(c.decision()).isEqualTo(Decision.KEEP);
            }));
      }
    }
  }

  @Test
  void theHistoryObserverPagesNewestFirst_andAsyncWritesCommitThenConfirm() throws Exception {
    String user = newUser();
    try (FoodLensSync phone = devices.device(direct, "phone", user)) {
      Instant base = Instant.parse("2026-11-24T10:00:00Z");
      for (int i = 0; i < 5; i++) {
        phone.createScan(Scan.builder().scannedAt(base.plusSeconds(i)).productName("p" + i)
            .verdict(Verdict.SAFE).build());
      }
      Devices.sync(phone);
      BlockingQueue<LiveValue<HistoryPage>> pages = new LinkedBlockingQueue<>();
      try (Subscription s = phone.observeHistory(null, 2, ui, into(pages))) {
        HistoryPage first = next(pages).value();
        assertThat(first.items()).extracting(Scan::productName).containsExactly("p4", "p3");
        HistoryPage second = phone.historyPage(first.nextCursor(), 2);
        assertThat(second.items()).extracting(Scan::productName).containsExactly("p2", "p1");
        assertThat(phone.historyPage(second.nextCursor(), 2).items())
            .extracting(Scan::productName).containsExactly("p0");
        assertThat(phone.historyPage(second.nextCursor(), 2).nextCursor()).isNull();

        devices.airplane.set(true);
        Write newest = phone.async().createScan(Scan.builder().scannedAt(base.plusSeconds(9))
            .productName("offline").verdict(Verdict.UNSAFE).build());
        QueuedOp stored = newest.committed().get(60, TimeUnit.SECONDS);
        assertThat(stored.state()).isEqualTo(OpState.PENDING);
        LiveValue<HistoryPage> pending = next(pages);
        assertThat(pending.value().items()).extracting(Scan::productName)
            .containsExactly("offline", "p4");
        assertThat(pending.pendingWrites()).isTrue();
        assertThat(newest.confirmed()).isNotDone();

        devices.airplane.set(false);
        devices.syncLater(phone);
        assertThat(newest.confirmed().get(60, TimeUnit.SECONDS).state())
            .isEqualTo(OpState.SYNCED);
        LiveValue<HistoryPage> confirmed = next(pages);
        assertThat(confirmed.value()).isEqualTo(pending.value());
        assertThat(confirmed.pendingWrites()).isFalse();
        phone.deleteScan(UUID.fromString(Json.parse(stored.payload()).path("id").asText()));
        assertThat(next(pages).value().items()).extracting(Scan::productName)
            .containsExactly("p4", "p3");
      }
    }
  }

  @Test
  void signOutClearingPushesWhatItCan_deletesTheRows_andTheFileWhenLast() throws Exception {
    String user = newUser();
    var store = devices.store("solo");
    try (FoodLensSync phone = devices.builder(direct, "solo", store).build()) {
      phone.signIn(user);
      phone.patchProfile(Map.of("displayName", "Zoe"));
      QueuedOp op = phone.addAllergy("egg", null);
      CompletableFuture<OpResult> completion = phone.completion(op.opId());
      try (Db raw = Db.open(store)) {
        raw.run(d -> {
          Meta.device(d, "marker", "the old file");
        });
      }
      assertThat(phone.signOut(ClearLocalData.CLEAR).get(60, TimeUnit.SECONDS)).isEmpty();
      assertThat(completion.get(60, TimeUnit.SECONDS).state()).isEqualTo(OpState.SYNCED);
      assertThat(gw.get("/me/allergies", dev.foodlens.sync.testing.TestTokens.user(user))
          .bodyAsJsonObject().getJsonArray("items")).hasSize(1);
      try (Db raw = Db.open(store)) {
        Integer snapshot =
            raw.tx(d -> d.single("SELECT count(*) FROM snapshot", r -> r.getInt(1)));
        Integer ops = raw.tx(d -> d.single("SELECT count(*) FROM ops", r -> r.getInt(1)));
        assertThat(snapshot).isZero();
        assertThat(ops).isZero();
        assertThat(raw.<String>lookup(d -> Meta.device(d, "marker"))).as("a new file").isNull();
      }
    }
  }

  @Test
  void signOutClearingOffline_reportsTheUnsentOps_andKeepsTheOtherUsersRows() throws Exception {
    String alice = newUser();
    String bob = newUser();
    var store = devices.store("shared");
    try (FoodLensSync phone = devices.builder(direct, "shared", store).build()) {
      phone.signIn(bob);
      phone.addAllergy("soy", null);
      Devices.sync(phone);
      phone.signIn(alice);
      devices.airplane.set(true);
      QueuedOp unsent = phone.addAllergy("fish", Severity.MILD);
      CompletableFuture<OpResult> completion = phone.completion(unsent.opId());
      List<QueuedOp> dropped = phone.signOut(ClearLocalData.CLEAR).get(60, TimeUnit.SECONDS);
      assertThat(dropped).extracting(QueuedOp::opId).containsExactly(unsent.opId());
      assertThat(devices.events).anyMatch(e -> e.type() == SyncEvent.Type.OP_DROPPED
          && unsent.opId().equals(e.opId()));
      assertThat(completion).isCompletedExceptionally();
      assertThat(phone.currentUser()).isEmpty();
      assertThat(Files.exists(store)).isTrue();
      phone.signIn(bob);
      assertThat(phone.allergies()).extracting(Allergy::allergen).containsExactly("soy");
      phone.signIn(alice);
      assertThat(phone.allergies()).isEmpty();
      assertThat(phone.pendingOps()).isEmpty();
    }
  }
}
