package dev.foodlens.sync.client.android;

import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.client.LocalStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link LocalStore} over a {@link SupportDatabase}. Android's transactions end in
 * {@code endTransaction()}, committing when {@code setTransactionSuccessful()} came first; its
 * runtime errors reach the SDK as {@link SQLException}, as JDBC's do. Android opens its database
 * in WAL itself ({@code enableWriteAheadLogging}), so no pragma is set here. The file, if any,
 * is the app's: {@link #file()} is empty, and a sign-out that forgets empties the tables instead
 * of deleting it.
 */
public final class SupportStore implements LocalStore {
  private final SupportDatabase db;

  public SupportStore(SupportDatabase db) {
    this.db = requireNonNull(db, "db");
  }

  @Override
  public void begin() throws SQLException {
    run(db::beginTransaction);
  }

  @Override
  public void commit() throws SQLException {
    run(() -> {
      db.setTransactionSuccessful();
      db.endTransaction();
    });
  }

  @Override
  public void rollback() throws SQLException {
    run(db::endTransaction);
  }

  @Override
  public boolean inTransaction() {
    return db.inTransaction();
  }

  @Override
  public void execute(String sql, @Nullable Object... args) throws SQLException {
    Object[] bind = bindable(args);
    run(() -> db.execSQL(sql, bind));
  }

  @Override
  public <T> List<T> query(String sql, RowMapper<T> mapper, @Nullable Object... args)
      throws SQLException {
    try (SupportCursor cursor = db.query(sql, bindable(args))) {
      CursorRow row = new CursorRow(cursor);
      List<T> rows = new ArrayList<>();
      while (cursor.moveToNext()) {
        rows.add(mapper.map(row));
      }
      return rows;
    } catch (RuntimeException e) {
      throw new SQLException(e.getMessage(), e);
    }
  }

  @Override
  public int userVersion() {
    return db.getVersion();
  }

  @Override
  public void userVersion(int version) throws SQLException {
    run(() -> db.setVersion(version));
  }

  @Override
  public void close() {
    db.close();
  }

  /** SimpleSQLiteQuery binds Long, Integer, String, null and Boolean (as 0/1) as they are. */
  private static @Nullable Object[] bindable(@Nullable Object[] args) {
    @Nullable Object[] bind = args.clone();
    for (int i = 0; i < bind.length; i++) {
      if (bind[i] instanceof Boolean b) {
        bind[i] = b ? 1L : 0L;
      }
    }
    return bind;
  }

  private static void run(Runnable action) throws SQLException {
    try {
      action.run();
    } catch (RuntimeException e) {
      throw new SQLException(e.getMessage(), e);
    }
  }

  /** JDBC's row contract over a cursor: 1-based indexes, wasNull after each read. */
  private static final class CursorRow implements Row {
    private final SupportCursor cursor;
    private boolean lastNull;

    CursorRow(SupportCursor cursor) {
      this.cursor = cursor;
    }

    private int at(String column) {
      return cursor.getColumnIndexOrThrow(column);
    }

    private boolean isNull(int index) {
      lastNull = cursor.isNull(index);
      return lastNull;
    }

    @Override
    public @Nullable String getString(int column) {
      return isNull(column - 1) ? null : cursor.getString(column - 1);
    }

    @Override
    public @Nullable String getString(String column) {
      return getString(at(column) + 1);
    }

    @Override
    public long getLong(int column) {
      return isNull(column - 1) ? 0 : cursor.getLong(column - 1);
    }

    @Override
    public long getLong(String column) {
      return getLong(at(column) + 1);
    }

    @Override
    public int getInt(int column) {
      return isNull(column - 1) ? 0 : cursor.getInt(column - 1);
    }

    @Override
    public int getInt(String column) {
      return getInt(at(column) + 1);
    }

    @Override
    public boolean wasNull() {
      return lastNull;
    }
  }
}
