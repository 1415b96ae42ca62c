package dev.foodlens.sync.client.android;

import org.jspecify.annotations.Nullable;

/** The part of {@code android.database.Cursor} the SDK uses: 0-based columns, as there. */
public interface SupportCursor extends AutoCloseable {
  boolean moveToNext();

  int getColumnIndexOrThrow(String columnName);

  @Nullable String getString(int columnIndex);

  long getLong(int columnIndex);

  int getInt(int columnIndex);

  boolean isNull(int columnIndex);

  @Override
  void close();
}
