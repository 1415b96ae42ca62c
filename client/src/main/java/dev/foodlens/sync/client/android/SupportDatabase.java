package dev.foodlens.sync.client.android;

import org.jspecify.annotations.Nullable;

/**
 * The part of AndroidX's {@code SupportSQLiteDatabase} the SDK uses, same names and meaning.
 * {@link #query} stands for {@code query(new SimpleSQLiteQuery(sql, bindArgs))}. Errors are
 * unchecked, as on Android ({@code android.database.SQLException}).
 */
public interface SupportDatabase extends AutoCloseable {
  void execSQL(String sql, @Nullable Object[] bindArgs);

  SupportCursor query(String sql, @Nullable Object[] bindArgs);

  void beginTransaction();

  void setTransactionSuccessful();

  void endTransaction();

  boolean inTransaction();

  int getVersion();

  void setVersion(int version);

  @Override
  void close();
}
