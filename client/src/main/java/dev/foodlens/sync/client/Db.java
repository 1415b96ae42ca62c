package dev.foodlens.sync.client;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SQLite file behind the SDK: one connection, serialised by this object's monitor, every
 * change inside {@link #tx} (WAL, {@code synchronous=FULL}: a committed transaction survives a
 * killed process). Every table's key starts with {@code user_id}, except {@code device_meta},
 * which holds facts about the device itself (who owns the legacy store).
 */
final class Db implements AutoCloseable {
  private static final List<String> SCHEMA = List.of(
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

  /** Work on the connection that may throw SQLException. */
  @FunctionalInterface
  interface Work<T> {
    T run(Db db) throws SQLException;
  }

  /** Maps the current row. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final Connection conn;

  private Db(Connection conn) {
    this.conn = conn;
  }

  static Db open(Path file) {
    try {
      Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = conn.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=5000");
        for (String ddl : SCHEMA) {
          s.execute(ddl);
        }
        addSentColumn(conn);
      }
      return new Db(conn);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the local store " + file, e);
    }
  }

  /**
   * {@code ops.sent}: whether the op was ever handed to the transport (only an op that never
   * was may change its payload: see Coalescing). Rows of a store made before it count as sent.
   */
  private static void addSentColumn(Connection conn) throws SQLException {
    try (Statement s = conn.createStatement();
        ResultSet columns = s.executeQuery("SELECT 1 FROM pragma_table_info('ops') "
            + "WHERE name = 'sent'")) {
      if (!columns.next()) {
        s.execute("ALTER TABLE ops ADD COLUMN sent INTEGER NOT NULL DEFAULT 1");
      }
    }
  }

  /** Runs {@code work} in one transaction (joins the caller's when already inside one). */
  synchronized <T> T tx(Work<T> work) {
    try {
      if (!conn.getAutoCommit()) {
        return work.run(this);
      }
      conn.setAutoCommit(false);
      try {
        T result = work.run(this);
        conn.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        conn.rollback();
        throw e;
      } finally {
        conn.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("local store: " + e.getMessage(), e);
    }
  }

  int update(String sql, @Nullable Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(sql, params)) {
      return ps.executeUpdate();
    }
  }

  <T> List<T> query(String sql, RowMapper<T> mapper, @Nullable Object... params)
      throws SQLException {
    try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(mapper.map(rs));
      }
      return rows;
    }
  }

  <T> @Nullable T one(String sql, RowMapper<T> mapper, @Nullable Object... params)
      throws SQLException {
    List<T> rows = query(sql, mapper, params);
    return rows.isEmpty() ? null : rows.get(0);
  }

  private PreparedStatement prepare(String sql, @Nullable Object... params) throws SQLException {
    PreparedStatement ps = conn.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    return ps;
  }

  @Override
  public synchronized void close() {
    try {
      conn.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
