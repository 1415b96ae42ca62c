package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foodlens.sync.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LocalStore} must do for the SDK, run against each implementation: the schema
 * migrations (a fresh store, a store of the previous release, a store of a newer one), the
 * queue's transitions, the snapshot with its history order, transactions that roll back.
 */
abstract class LocalStoreContract {
  Path dir;
  final List<SyncEvent> events = new ArrayList<>();

  /** A store on {@code file}, created when missing. */
  abstract LocalStore open(Path file);

  @BeforeEach
  void dir() throws IOException {
    dir = Files.createTempDirectory("foodlens-store-contract");
  }

  @AfterEach
  void clean() throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  Db db(String name) {
    Path file = dir.resolve(name);
    return Db.open(() -> open(file));
  }

  static int version(Db db) {
    return db.tx(d -> d.single("PRAGMA user_version", r -> r.getInt(1)));
  }

  @Test
  void aFreshStoreIsMigratedToTheCurrentVersion() {
    try (Db db = db("fresh.db")) {
      assertThat(version(db)).isEqualTo(Db.VERSION).isEqualTo(3);
      assertThat(db.<List<String>>tx(d -> d.query("SELECT name FROM pragma_table_info('snapshot')",
          r -> r.getString(1)))).contains("sort_key");
    }
    try (Db again = db("fresh.db")) {
      assertThat(version(again)).isEqualTo(Db.VERSION);
    }
  }

  @Test
  void aStoreWrittenByThePreviousReleaseOpensAndMigrates() throws Exception {
    Path file = dir.resolve("previous.db");
    try (LocalStore raw = open(file); InputStream in = getClass()
        .getResourceAsStream("/client/store-unversioned.sql")) {
      String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String statement : script.split(";\n")) {
        String sql = statement.lines().filter(l -> !l.startsWith("--"))
            .reduce("", (a, b) -> a + "\n" + b).trim();
        if (!sql.isEmpty()) {
          raw.execute(sql);
        }
      }
      assertThat(raw.userVersion()).isZero();
    }
    try (Db db = Db.open(() -> open(file))) {
      assertThat(version(db)).isEqualTo(Db.VERSION);
      HistoryPage first = LocalView.historyPage(db, "alice", null, 2);
      assertThat(first.items()).extracting(Scan::productName)
          .containsExactly("Made offline", "Peanut bar");
      HistoryPage rest = LocalView.historyPage(db, "alice", first.nextCursor(), 2);
      assertThat(rest.items()).extracting(Scan::productName).containsExactly("Rice", "Oat milk");
      assertThat(rest.nextCursor()).isNull();
      assertThat(LocalView.of(db, "alice").history()).extracting(Scan::productName)
          .containsExactly("Made offline", "Peanut bar", "Rice", "Oat milk");
      assertThat(LocalView.of(db, "alice", EnumSet.of(Entity.ALLERGIES)).allergies())
          .containsExactly(new Allergy("peanut", "severe", false));
      OpRow tail = db.lookup(d -> OpTable.unsentTail(d, "alice"));
      assertThat(tail.opId()).isEqualTo(UUID.fromString("55555555-5555-4555-8555-555555555555"));
      assertThat(db.tx(d -> SyncState.load(d, "alice")).checkpoint()).isEqualTo("c7.d1.fixture");
    }
  }

  @Test
  void aStoreOfANewerReleaseIsRefused() throws Exception {
    Path file = dir.resolve("newer.db");
    Db.open(() -> open(file)).close();
    try (LocalStore raw = open(file)) {
      raw.userVersion(Db.VERSION + 1);
      assertThat(raw.userVersion()).isEqualTo(Db.VERSION + 1);
    }
    assertThatThrownBy(() -> Db.open(() -> open(file))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("newer SDK");
  }

  @Test
  void theQueueMovesAnOpThroughItsStates() {
    try (Db db = db("queue.db")) {
      SyncQueue queue = new SyncQueue(db, MutableClock.now(), new Events(events::add),
          QueueLimits.DEFAULTS);
      OpRow op = queue.enqueue("alice", "profile", "patch", null,
          "{\"fields\":{\"displayName\":\"A\"}}", null);
      OpRow folded = queue.enqueue("alice", "profile", "patch", null,
          "{\"fields\":{\"locale\":\"pt\"}}", null);
      assertThat(folded.opId()).as("coalesced into the unsent tail").isEqualTo(op.opId());
      assertThat(db.tx(d -> OpTable.health(d, "alice")).depth()).isEqualTo(1);
      assertThat(db.<Boolean>tx(d -> OpTable.unconfirmed(d, "alice", Entity.PROFILE))).isTrue();
      List<OpRow> batch = queue.take("alice", 10);
      assertThat(batch).singleElement().satisfies(o -> assertThat(o.payload())
          .contains("displayName").contains("locale"));
      var completion = queue.completion("alice", op.opId());
      queue.synced(batch.get(0), "applied", 3L);
      assertThat(completion.join().version()).isEqualTo(3L);
      assertThat(db.<Boolean>tx(d -> OpTable.unconfirmed(d, "alice", Entity.PROFILE))).isFalse();
      assertThat(db.<OpRow>lookup(d -> OpTable.find(d, "bob", op.opId()))).isNull();
      assertThat(events).extracting(SyncEvent::state).containsExactly(OpState.PENDING,
          OpState.PENDING, OpState.SENDING, OpState.SYNCED);
    }
  }

  @Test
  void aFailedTransactionLeavesNothing() {
    try (Db db = db("rollback.db")) {
      assertThatThrownBy(() -> db.tx(d -> {
        Meta.user(d, "alice", "k", "v");
        throw new IllegalStateException("boom");
      })).hasMessage("boom");
      assertThat(db.<String>lookup(d -> Meta.user(d, "alice", "k"))).isNull();
      db.run(d -> {
        Meta.user(d, "alice", "k", "w");
        new SyncState("cp", 9, Instant.EPOCH, 2, null).save(d, "alice");
      });
      assertThat(db.<String>lookup(d -> Meta.user(d, "alice", "k"))).isEqualTo("w");
      assertThat(db.<SyncState>tx(d -> SyncState.load(d, "alice")))
          .isEqualTo(new SyncState("cp", 9, Instant.EPOCH, 2, null));
    }
  }

  @Test
  void aPulledPageKeepsTheHistoryOrder_andAnswersTheConflictsItOpened() {
    try (Db db = db("snapshot.db")) {
      List<com.fasterxml.jackson.databind.JsonNode> changes = new ArrayList<>();
      Instant base = Instant.parse("2026-11-24T10:00:00Z");
      List<UUID> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Scan scan = Scan.builder().scannedAt(base.plusMillis(i * 1500L)).productName("s" + i)
            .build();
        ids.add(scan.id());
        changes.add(Json.object().put("entity", "history").put("id", scan.id().toString())
            .put("deleted", false).put("version", i + 1).set("entry", scan.toJson()));
      }
      changes.add(Json.object().put("entity", "history").put("id", ids.get(3).toString())
          .put("deleted", true).put("version", 5));
      var conflict = Json.object().put("id", UUID.randomUUID().toString())
          .put("allergen", "milk").put("state", "open")
          .put("detectedAt", "2026-11-24T10:00:00.000001Z");
      conflict.putObject("remove").put("deviceId", "a").put("opId", UUID.randomUUID().toString())
          .put("receivedAt", "2026-11-24T09:00:00Z");
      conflict.putObject("add").put("deviceId", "b").put("opId", UUID.randomUUID().toString())
          .put("receivedAt", "2026-11-24T09:30:00Z");
      changes.add(Json.object().put("entity", "conflict").put("version", 6)
          .set("conflict", conflict));
      List<Conflict> opened = db.tx(d -> Snapshot.page(d, "alice", changes, "cp1", base));
      assertThat(opened).singleElement().satisfies(c -> {
        assertThat(c.add().deviceId()).isEqualTo("b");
        assertThat(c.remove().receivedAt()).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
      });
      assertThat(db.<List<Conflict>>tx(
          d -> Snapshot.page(d, "alice", List.of(changes.get(5)), "cp2", base)))
          .as("open already: not opened again").isEmpty();
      HistoryPage page = LocalView.historyPage(db, "alice", null, 2);
      assertThat(page.items()).extracting(Scan::productName).containsExactly("s2", "s1");
      assertThat(LocalView.historyPage(db, "alice", page.nextCursor(), 2).items())
          .extracting(Scan::productName).containsExactly("s0");
      assertThat(db.tx(d -> SyncState.load(d, "alice")).serverVersion()).isEqualTo(6);
    }
  }
}
