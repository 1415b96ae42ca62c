package dev.foodlens.sync.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's tables on a {@link LocalStore}: one store, serialised by this object's monitor, every
 * change inside {@link #tx}. Every table's key starts with {@code user_id}, except
 * {@code device_meta}, which holds facts about the device itself (who owns the legacy store).
 *
 * <p>The schema is versioned with {@code PRAGMA user_version}: opening a store runs the
 * migrations after its version, each in its own transaction with its version bump, so a store
 * written by any earlier release opens (version 0 is a store from before the versioning, which
 * may already hold the tables of steps 1 and 2: those steps check first). A store written by a
 * newer release is refused rather than misread.
 */
final class Db implements AutoCloseable {
  private static final List<String> TABLES = List.of(
      "CREATE TABLE IF NOT EXISTS ops (seq INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT "
          + "NULL, op_id TEXT NOT NULL, entity TEXT NOT NULL, action TEXT NOT NULL, target TEXT, "
          + "payload TEXT NOT NULL, observed_version INTEGER, client_ts TEXT NOT NULL, "
          + "created_at INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, "
          + "problem TEXT, server_status TEXT, version INTEGER, UNIQUE (user_id, op_id))",
      "CREATE INDEX IF NOT EXISTS ops_by_state ON ops (user_id, state, seq)",
      "CREATE TABLE IF NOT EXISTS snapshot (user_id TEXT NOT NULL, entity TEXT NOT NULL, "
          + "key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (user_id, entity, key))",
      "CREATE TABLE IF NOT EXISTS sync_state (user_id TEXT PRIMARY KEY, checkpoint TEXT, "
          + "server_version INTEGER NOT NULL DEFAULT 0, last_sync_at INTEGER, "
          + "failures INTEGER NOT NULL DEFAULT 0, retry_at INTEGER)",
      "CREATE TABLE IF NOT EXISTS user_meta (user_id TEXT NOT NULL, name TEXT NOT NULL, "
          + "value TEXT NOT NULL, PRIMARY KEY (user_id, name))",
      "CREATE TABLE IF NOT EXISTS device_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
      "CREATE TABLE IF NOT EXISTS migration_chunks (user_id TEXT NOT NULL, idx INTEGER NOT NULL, "
          + "body TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (user_id, idx))");

  /** One schema step; step i (0-based) brings a store from version i to i + 1. */
  @FunctionalInterface
  private interface Migration {
    void apply(Db db) throws SQLException;
  }

  private static final List<Migration> MIGRATIONS = List.of(Db::tables, Db::sentColumn,
      Db::historyOrder);

  /** The schema version this release writes. */
  static final int VERSION = MIGRATIONS.size();

  /** Work on the store that may throw SQLException and answers a value. */
  @FunctionalInterface
  interface Work<T> {
    T run(Db db) throws SQLException;
  }

  /** Work that may find nothing (null). */
  @FunctionalInterface
  interface Lookup<T> {
    @Nullable T run(Db db) throws SQLException;
  }

  /** Work that answers nothing. */
  @FunctionalInterface
  interface Step {
    void run(Db db) throws SQLException;
  }

  private final Supplier<LocalStore> opener;
  private LocalStore store;

  private Db(Supplier<LocalStore> opener) {
    this.opener = opener;
    this.store = opener.get();
  }

  static Db open(Path file) {
    return open(() -> LocalStore.jdbc(file));
  }

  /** Opens (and migrates) the store {@code opener} gives; it is asked again after a wipe. */
  static Db open(Supplier<LocalStore> opener) {
    Db db = new Db(opener);
    try {
      db.migrate();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  private void migrate() {
    int at = tx(d -> store.userVersion());
    if (at > VERSION) {
      throw new IllegalStateException("the local store is at schema version " + at
          + ", written by a newer SDK than this one (" + VERSION + ")");
    }
    for (int step = at; step < VERSION; step++) {
      int next = step + 1;
      Migration migration = MIGRATIONS.get(step);
      run(d -> {
        migration.apply(d);
        store.userVersion(next);
      });
    }
  }

  private static void tables(Db db) throws SQLException {
    for (String ddl : TABLES) {
      db.update(ddl);
    }
  }

  /**
   * {@code ops.sent}: whether the op was ever handed to the transport (only an op that never
   * was may change its payload: see Coalescing). Rows of a store made before it count as sent.
   * An unversioned store may have it already.
   */
  private static void sentColumn(Db db) throws SQLException {
    if (db.one("SELECT 1 FROM pragma_table_info('ops') WHERE name = 'sent'",
        r -> r.getInt(1)) == null) {
      db.update("ALTER TABLE ops ADD COLUMN sent INTEGER NOT NULL DEFAULT 1");
    }
  }

  /**
   * {@code snapshot.sort_key}: a history entry's place in the history's order (see
   * {@link HistoryOrder}), null for a deleted one, so a page of the history reads one index range.
   */
  private static void historyOrder(Db db) throws SQLException {
    db.update("ALTER TABLE snapshot ADD COLUMN sort_key TEXT");
    record Entry(String userId, String key, @Nullable String sortKey) {}
    List<Entry> entries = db.query("SELECT user_id, key, value FROM snapshot "
        + "WHERE entity = 'history'", r -> new Entry(text(r, 1), text(r, 2),
        HistoryOrder.key(Json.parse(text(r, 3)))));
    for (Entry e : entries) {
      db.update("UPDATE snapshot SET sort_key = ? WHERE user_id = ? AND entity = 'history' "
          + "AND key = ?", e.sortKey(), e.userId(), e.key());
    }
    db.update("CREATE INDEX snapshot_order ON snapshot (user_id, entity, sort_key) "
        + "WHERE sort_key IS NOT NULL");
  }

  /** Runs {@code work} in one transaction (joins the caller's when already inside one). */
  <T> T tx(Work<T> work) {
    return Objects.requireNonNull(transaction(work::run), "a transaction's work answered null");
  }

  /** As {@link #tx}, for work that may find nothing. */
  <T> @Nullable T lookup(Lookup<T> work) {
    return transaction(work);
  }

  /** As {@link #tx}, for work that answers nothing. */
  void run(Step step) {
    transaction(d -> {
      step.run(d);
      return null;
    });
  }

  private synchronized <T> @Nullable T transaction(Lookup<T> work) {
    try {
      if (store.inTransaction()) {
        return work.run(this);
      }
      store.begin();
      @Nullable T result;
      try {
        result = work.run(this);
      } catch (SQLException | RuntimeException e) {
        store.rollback();
        throw e;
      }
      store.commit();
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException("local store: " + e.getMessage(), e);
    }
  }

  void update(String sql, @Nullable Object... params) throws SQLException {
    store.execute(sql, params);
  }

  <T> List<T> query(String sql, LocalStore.RowMapper<T> mapper, @Nullable Object... params)
      throws SQLException {
    return store.query(sql, mapper, params);
  }

  <T> @Nullable T one(String sql, LocalStore.RowMapper<T> mapper, @Nullable Object... params)
      throws SQLException {
    List<T> rows = query(sql, mapper, params);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** The one row a query always answers (an aggregate without GROUP BY), mapped. */
  <T> T single(String sql, LocalStore.RowMapper<T> mapper, @Nullable Object... params)
      throws SQLException {
    List<T> rows = query(sql, mapper, params);
    if (rows.size() != 1) {
      throw new SQLException("expected one row, got " + rows.size() + ": " + sql);
    }
    return rows.get(0);
  }

  /** A {@code NOT NULL} column's value; a null there means a damaged store. */
  static String text(LocalStore.Row row, int column) throws SQLException {
    return notNull(row.getString(column), column);
  }

  static String text(LocalStore.Row row, String column) throws SQLException {
    return notNull(row.getString(column), column);
  }

  private static String notNull(@Nullable String value, Object column) throws SQLException {
    if (value == null) {
      throw new SQLException("unexpected null in column " + column);
    }
    return value;
  }

  /** Whether any table holds a row of a user other than {@code userId}. */
  synchronized boolean othersThan(String userId) {
    return tx(d -> d.one("SELECT 1 FROM (SELECT user_id FROM ops UNION ALL SELECT user_id FROM "
        + "snapshot UNION ALL SELECT user_id FROM sync_state UNION ALL SELECT user_id FROM "
        + "user_meta UNION ALL SELECT user_id FROM migration_chunks) WHERE user_id != ? LIMIT 1",
        r -> r.getInt(1), userId) != null);
  }

  /**
   * The store's file (and its WAL files) deleted and a fresh, empty store opened in its place;
   * false when the store has no file (then nothing happened).
   */
  synchronized boolean wipe() {
    Path file = store.file().orElse(null);
    if (file == null) {
      return false;
    }
    store.close();
    try {
      for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete the local store " + file, e);
    } finally {
      store = opener.get();
    }
    migrate();
    return true;
  }

  @Override
  public synchronized void close() {
    store.close();
  }
}
