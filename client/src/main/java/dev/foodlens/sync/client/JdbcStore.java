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
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link LocalStore} over sqlite-jdbc: one connection, WAL and {@code synchronous=FULL} (a
 * committed transaction survives a killed process).
 */
final class JdbcStore implements LocalStore {
  private final Connection conn;
  private final Path file;

  private JdbcStore(Connection conn, Path file) {
    this.conn = conn;
    this.file = file;
  }

  static JdbcStore open(Path file) {
    try {
      Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = conn.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=5000");
      }
      return new JdbcStore(conn, file);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the local store " + file, e);
    }
  }

  @Override
  public void begin() throws SQLException {
    conn.setAutoCommit(false);
  }

  @Override
  public void commit() throws SQLException {
    try {
      conn.commit();
    } finally {
      conn.setAutoCommit(true);
    }
  }

  @Override
  public void rollback() throws SQLException {
    try {
      conn.rollback();
    } finally {
      conn.setAutoCommit(true);
    }
  }

  @Override
  public boolean inTransaction() throws SQLException {
    return !conn.getAutoCommit();
  }

  @Override
  public void execute(String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(sql, args)) {
      ps.execute();
    }
  }

  @Override
  public <T> List<T> query(String sql, RowMapper<T> mapper, @Nullable Object... args)
      throws SQLException {
    try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
      Row row = new JdbcRow(rs);
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(mapper.map(row));
      }
      return rows;
    }
  }

  @Override
  public int userVersion() throws SQLException {
    return query("PRAGMA user_version", r -> r.getInt(1)).get(0);
  }

  @Override
  public void userVersion(int version) throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute("PRAGMA user_version = " + version);
    }
  }

  @Override
  public Optional<Path> file() {
    return Optional.of(file);
  }

  private PreparedStatement prepare(String sql, @Nullable Object... args) throws SQLException {
    PreparedStatement ps = conn.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }

  @Override
  public void close() {
    try {
      conn.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private record JdbcRow(ResultSet rs) implements Row {
    @Override
    public @Nullable String getString(int column) throws SQLException {
      return rs.getString(column);
    }

    @Override
    public @Nullable String getString(String column) throws SQLException {
      return rs.getString(column);
    }

    @Override
    public long getLong(int column) throws SQLException {
      return rs.getLong(column);
    }

    @Override
    public long getLong(String column) throws SQLException {
      return rs.getLong(column);
    }

    @Override
    public int getInt(int column) throws SQLException {
      return rs.getInt(column);
    }

    @Override
    public int getInt(String column) throws SQLException {
      return rs.getInt(column);
    }

    @Override
    public boolean wasNull() throws SQLException {
      return rs.wasNull();
    }
  }
}
