package dev.foodlens.sync.client.android;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SupportDatabase} for tests on the JVM, behaving as Android's does where the SDK can
 * tell: unchecked errors, a query's rows copied out before the cursor is read (as a
 * CursorWindow), values converted on read as a Cursor converts them, transactions that commit
 * at {@code endTransaction()} only after {@code setTransactionSuccessful()}.
 */
public final class JdbcSupportDatabase implements SupportDatabase {
  private final Connection conn;
  private boolean successful;

  private JdbcSupportDatabase(Connection conn) {
    this.conn = conn;
  }

  public static JdbcSupportDatabase open(Path file) {
    try {
      return new JdbcSupportDatabase(DriverManager.getConnection("jdbc:sqlite:" + file));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void execSQL(String sql, @Nullable Object[] bindArgs) {
    try (PreparedStatement ps = bind(sql, bindArgs)) {
      ps.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public SupportCursor query(String sql, @Nullable Object[] bindArgs) {
    try (PreparedStatement ps = bind(sql, bindArgs); ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i));
      }
      List<@Nullable Object[]> rows = new ArrayList<>();
      while (rs.next()) {
        @Nullable Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = rs.getObject(i + 1);
        }
        rows.add(row);
      }
      return new Window(columns, rows);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private PreparedStatement bind(String sql, @Nullable Object[] args) throws SQLException {
    PreparedStatement ps = conn.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg != null && !(arg instanceof String || arg instanceof Long
          || arg instanceof Integer || arg instanceof Double || arg instanceof byte[])) {
        throw new IllegalArgumentException("SimpleSQLiteQuery cannot bind " + arg.getClass());
      }
      ps.setObject(i + 1, arg);
    }
    return ps;
  }

  @Override
  public void beginTransaction() {
    try {
      conn.setAutoCommit(false);
      successful = false;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void setTransactionSuccessful() {
    successful = true;
  }

  @Override
  public void endTransaction() {
    try {
      if (successful) {
        conn.commit();
      } else {
        conn.rollback();
      }
      conn.setAutoCommit(true);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean inTransaction() {
    try {
      return !conn.getAutoCommit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int getVersion() {
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void setVersion(int version) {
    execSQL("PRAGMA user_version = " + version, new Object[0]);
  }

  @Override
  public void close() {
    try {
      conn.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The rows of one query, read as an Android Cursor reads its window. */
  private static final class Window implements SupportCursor {
    private final List<String> columns;
    private final List<@Nullable Object[]> rows;
    private int at = -1;

    Window(List<String> columns, List<@Nullable Object[]> rows) {
      this.columns = columns;
      this.rows = rows;
    }

    @Override
    public boolean moveToNext() {
      return ++at < rows.size();
    }

    @Override
    public int getColumnIndexOrThrow(String columnName) {
      int index = columns.indexOf(columnName);
      if (index < 0) {
        throw new IllegalArgumentException("column '" + columnName + "' does not exist");
      }
      return index;
    }

    private @Nullable Object value(int column) {
      return rows.get(at)[column];
    }

    @Override
    public @Nullable String getString(int columnIndex) {
      Object v = value(columnIndex);
      return v == null ? null : v.toString();
    }

    @Override
    public long getLong(int columnIndex) {
      Object v = value(columnIndex);
      return v == null ? 0 : v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
    }

    @Override
    public int getInt(int columnIndex) {
      return (int) getLong(columnIndex);
    }

    @Override
    public boolean isNull(int columnIndex) {
      return value(columnIndex) == null;
    }

    @Override
    public void close() {
      rows.clear();
    }
  }
}
