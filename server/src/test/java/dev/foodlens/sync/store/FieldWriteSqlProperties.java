package dev.foodlens.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.crdt.Hlc;
import dev.foodlens.sync.crdt.LwwRegister;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.ledger.Fingerprint;
import dev.foodlens.sync.model.FieldRegisters;
import dev.foodlens.sync.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;

/**
 * Issue 13: the field write's clock and register rules now run in SQL
 * ({@code fields/claim_and_advance}, {@code fields/merge_patch}); the laws the Java model obeys
 * ({@link Hlc#next}, {@link FieldRegisters#apply}) must hold for the real statements, run as
 * the app role under row-level security, with the wall clock jumping back and forth.
 */
class FieldWriteSqlProperties {
  static final List<String> NAMES = List.of("a", "b", "c", "d");
  static TestDatabase db;
  static Vertx vertx;
  static Pool pool;
  static final AtomicLong wall = new AtomicLong();
  static IdempotentWrites writes;
  static PgFieldStore fields;

  @BeforeContainer
  static void start() {
    db = TestDatabase.create(FieldWriteSqlProperties.class);
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(db.connectOptions().setUser(DbRoles.defaults().app()))
        .using(vertx).build();
    UserScope scope = new UserScope(pool, true, DbRoles.defaults().maintenance());
    fields = new PgFieldStore(wall::get);
    writes = new IdempotentWrites(scope, new PgLedgerStore(Duration.ofDays(1)),
        new LedgerFront(1 << 20, Duration.ofMinutes(1)), WriteHooks.NONE,
        new ReplayTally(scope, Duration.ofHours(1)));
  }

  @AfterContainer
  static void stop() {
    pool.close().await();
    vertx.close().await();
    db.close();
  }

  /** One PATCH: the wall clock the gateway reads, the fields it sets (null clears). */
  record Write(long wallMicros, Map<String, @Nullable Object> fields) {}

  @Provide
  Arbitrary<List<Write>> scripts() {
    Arbitrary<Object> value = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange(' ', '~').withChars('é', '\u2028')
            .ofMaxLength(6).map(s -> (Object) s),
        Arbitraries.of("😀", "a\"b\\c\n").map(s -> (Object) s),
        Arbitraries.integers().between(-1000, 1000).map(i -> (Object) i),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just("null").map(s -> (Object) s));
    Arbitrary<Map<String, @Nullable Object>> patch = Arbitraries.subsetOf(NAMES)
        .flatMap(names -> value.list().ofSize(names.size()).map(values -> {
          Map<String, @Nullable Object> m = new LinkedHashMap<>();
          int i = 0;
          for (String name : names) {
            Object v = values.get(i++);
            m.put(name, "null".equals(v) ? null : v);
          }
          return m;
        }));
    // Far behind, near and ahead of the last stamp: a lagging instance must continue from it.
    Arbitrary<Long> readings = Arbitraries.oneOf(Arbitraries.longs().between(0, 50),
        Arbitraries.longs().between(1_700_000_000_000_000L, 1_700_000_000_000_050L));
    return Combinators.combine(readings, patch).as(Write::new).list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 40)
  void theSqlWrite_followsTheClockAndRegisterLaws_andStoresWhatItSends(
      @ForAll("scripts") List<Write> script) throws Exception {
    String user = "sql-law-" + UUID.randomUUID();
    FieldRegisters model = FieldRegisters.empty();
    long hlc = 0;
    long version = 0;
    List<JsonObject> feed = new ArrayList<>();
    for (Write w : script) {
      UUID key = UUID.randomUUID();
      wall.set(w.wallMicros());
      long before = hlc;
      FieldRegisters[] seen = new FieldRegisters[1];
      WriteResult result = writes.patch(user, key, Fingerprint.of("PATCH", "/me/profile",
              Map.of("fields", w.fields().toString())), fields,
          new PgFieldStore.Patch("profile", w.fields(), "dev", key), registers -> {
            seen[0] = registers;
            return StoredAnswer.of(200, registers.toString().getBytes(StandardCharsets.UTF_8));
          }).await();

      if (!w.fields().isEmpty()) {
        hlc = Hlc.next(hlc, w.wallMicros());
      }
      FieldRegisters.Applied applied = model.apply(w.fields(), new Stamp(hlc, "dev", key), version);
      model = applied.registers();
      for (FieldRegisters.Change c : applied.changes()) {
        version = c.version();
        feed.add(new JsonObject().put("version", c.version()).put("key", c.field())
            .put("state", new JsonObject().put("field", c.field()).put("value", c.value())));
      }

      assertThat(hlc).isGreaterThanOrEqualTo(before);
      Map<String, List<Object>> expected = registers(model);
      assertThat(registers(seen[0])).as(() -> printable(registers(seen[0])) + " vs "
          + printable(expected)).isEqualTo(expected);
      assertThat(seen[0].version()).isEqualTo(model.version());
      assertThat(stored(user, key)).isEqualTo(((WriteResult.Executed) result).body());
    }
    assertThat(clockOf(user)).isEqualTo(hlc);
    assertThat(feedOf(user)).isEqualTo(feed);
  }

  /**
   * The second statement reads the other fields after the first one locked the user: an answer
   * shows every write that committed before it, even one that committed while it waited.
   */
  @Example
  void concurrentWritesOfOneUser_eachAnswerShowsEveryEarlierWrite() {
    String user = "sql-concurrent-" + UUID.randomUUID();
    wall.set(0);
    List<io.vertx.core.Future<FieldRegisters>> answers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      UUID key = UUID.randomUUID();
      Map<String, @Nullable Object> patch = Map.of("f" + i, i);
      FieldRegisters[] seen = new FieldRegisters[1];
      answers.add(writes.patch(user, key, Fingerprint.of("PATCH", "/me/profile", patch), fields,
          new PgFieldStore.Patch("profile", patch, "dev", key), registers -> {
            seen[0] = registers;
            return StoredAnswer.of(200, new byte[0]);
          }).map(result -> seen[0]));
    }
    io.vertx.core.Future.all(answers).await();
    for (int i = 0; i < answers.size(); i++) {
      FieldRegisters mine = answers.get(i).result();
      long myVersion = mine.fields().get("f" + i).version();
      for (int j = 0; j < answers.size(); j++) {
        FieldRegisters.Field theirs = answers.get(j).result().fields().get("f" + j);
        if (theirs.version() < myVersion) {
          assertThat(mine.fields().get("f" + j)).as("f%d in the answer of f%d", j, i)
              .isEqualTo(theirs);
        }
      }
    }
  }

  /** Requests with one key at once: one runs, the others replay its stored bytes. */
  @Example
  void concurrentRequestsWithOneKey_runOnce_andReplayTheSameBytes() throws Exception {
    String user = "sql-same-key-" + UUID.randomUUID();
    UUID key = UUID.randomUUID();
    wall.set(0);
    Map<String, @Nullable Object> patch = Map.of("a", "x");
    List<io.vertx.core.Future<WriteResult>> results = new ArrayList<>();
    AtomicLong rendered = new AtomicLong();
    for (int i = 0; i < 6; i++) {
      results.add(writes.patch(user, key, Fingerprint.of("PATCH", "/me/profile", patch), fields,
          new PgFieldStore.Patch("profile", patch, "dev", key),
          registers -> StoredAnswer.of(200, ("answer " + rendered.incrementAndGet())
              .getBytes(StandardCharsets.UTF_8))));
    }
    io.vertx.core.Future.all(results).await();
    assertThat(rendered.get()).isEqualTo(1);
    assertThat(results).filteredOn(f -> f.result() instanceof WriteResult.Executed).hasSize(1);
    for (io.vertx.core.Future<WriteResult> f : results) {
      byte[] body = f.result() instanceof WriteResult.Executed e ? e.body()
          : ((WriteResult.Replayed) f.result()).body();
      assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("answer 1");
    }
    assertThat(stored(user, key)).isEqualTo("answer 1".getBytes(StandardCharsets.UTF_8));
    assertThat(clockOf(user)).isEqualTo(1);
    assertThat(feedOf(user)).hasSize(1);
  }

  /** The registers as comparable values: stamp, version and the value as JSON decodes it. */
  private static Map<String, List<Object>> registers(FieldRegisters registers) {
    Map<String, List<Object>> out = new HashMap<>();
    registers.fields().forEach((name, f) -> {
      LwwRegister<Object> r = f.register();
      List<Object> row = new ArrayList<>(List.of(r.stamp(), f.version()));
      row.add(r.value() == null ? "<cleared>" : r.value());
      out.put(name, row);
    });
    return out;
  }

  private static String printable(Object o) {
    StringBuilder b = new StringBuilder();
    o.toString().codePoints().forEach(c -> b.append(c >= ' ' && c <= '~'
        ? Character.toString(c) : String.format("\\u{%x}", c)));
    return b.toString();
  }

  private static byte[] stored(String user, UUID key) throws Exception {
    try (Connection c = db.jdbc(); PreparedStatement s = c.prepareStatement(
        "SELECT response_body FROM idempotency_ledger WHERE user_id = ? AND key = ?")) {
      s.setString(1, user);
      s.setObject(2, key);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getBytes(1);
      }
    }
  }

  private static long clockOf(String user) throws Exception {
    try (Connection c = db.jdbc(); PreparedStatement s = c.prepareStatement(
        "SELECT hlc FROM users WHERE user_id = ?")) {
      s.setString(1, user);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getLong(1);
      }
    }
  }

  private static List<JsonObject> feedOf(String user) throws Exception {
    List<JsonObject> rows = new ArrayList<>();
    try (Connection c = db.jdbc(); PreparedStatement s = c.prepareStatement(
        "SELECT version, key, state::text FROM changes WHERE user_id = ? ORDER BY version")) {
      s.setString(1, user);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new JsonObject().put("version", rs.getLong(1)).put("key", rs.getString(2))
              .put("state", new JsonObject(rs.getString(3))));
        }
      }
    }
    return rows;
  }
}
