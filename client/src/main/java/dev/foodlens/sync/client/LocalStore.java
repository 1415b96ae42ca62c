package dev.foodlens.sync.client;

import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the SDK keeps its tables: one SQLite database, reached through whatever API the platform
 * has. The SDK writes SQLite's dialect and owns the schema (versioned with
 * {@code PRAGMA user_version}); an implementation only runs statements, one at a time, from one
 * thread at a time (the SDK serialises), inside the transactions the SDK opens.
 * {@link #jdbc(java.nio.file.Path)} (sqlite-jdbc) is the default; an Android app can implement it
 * over its own {@code SupportSQLiteDatabase} (see {@code client.android.SupportStore}).
 *
 * <p>Bind arguments are {@code String}, {@code Long}, {@code Integer}, {@code Boolean} or null.
 */
public interface LocalStore extends AutoCloseable {

  /** The sqlite-jdbc store on this file (created when missing), WAL, {@code synchronous=FULL}. */
  static LocalStore jdbc(java.nio.file.Path file) {
    return JdbcStore.open(file);
  }

  void begin() throws SQLException;

  void commit() throws SQLException;

  void rollback() throws SQLException;

  boolean inTransaction() throws SQLException;

  /** Runs a statement that returns no rows. */
  void execute(String sql, @Nullable Object... args) throws SQLException;

  /** Runs a query; {@code mapper} sees each row once, in order, and must not keep the row. */
  <T> List<T> query(String sql, RowMapper<T> mapper, @Nullable Object... args)
      throws SQLException;

  /** {@code PRAGMA user_version}: the schema version the SDK last migrated this store to. */
  int userVersion() throws SQLException;

  void userVersion(int version) throws SQLException;

  /** The file behind the store, when there is one: deleted when the last user's data goes. */
  default java.util.Optional<java.nio.file.Path> file() {
    return java.util.Optional.empty();
  }

  @Override
  void close();

  /** The current row of a query; columns by 1-based index or by name. */
  interface Row {
    @Nullable String getString(int column) throws SQLException;

    @Nullable String getString(String column) throws SQLException;

    /** 0 for null, as JDBC; then {@link #wasNull()} is true. */
    long getLong(int column) throws SQLException;

    long getLong(String column) throws SQLException;

    int getInt(int column) throws SQLException;

    int getInt(String column) throws SQLException;

    /** Whether the last column read was null. */
    boolean wasNull() throws SQLException;
  }

  /** Maps the current row. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(Row row) throws SQLException;
  }
}
