package dev.foodlens.sync.client;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** Small named values: per user ({@code user_meta}) and per device ({@code device_meta}). */
final class Meta {
  private Meta() {}

  static @Nullable String user(Db db, String userId, String name) throws SQLException {
    return db.one("SELECT value FROM user_meta WHERE user_id = ? AND name = ?",
        rs -> Db.text(rs, 1), userId, name);
  }

  static void user(Db db, String userId, String name, String value) throws SQLException {
    db.update("INSERT INTO user_meta (user_id, name, value) VALUES (?, ?, ?) ON CONFLICT "
        + "(user_id, name) DO UPDATE SET value = excluded.value", userId, name, value);
  }

  static @Nullable String device(Db db, String name) throws SQLException {
    return db.one("SELECT value FROM device_meta WHERE name = ?", rs -> Db.text(rs, 1), name);
  }

  static void device(Db db, String name, String value) throws SQLException {
    db.update("INSERT INTO device_meta (name, value) VALUES (?, ?) ON CONFLICT (name) "
        + "DO UPDATE SET value = excluded.value", name, value);
  }

  /** Sets it only when unset; answers the value in force. */
  static String claimDevice(Db db, String name, String value) throws SQLException {
    db.update("INSERT INTO device_meta (name, value) VALUES (?, ?) ON CONFLICT (name) "
        + "DO NOTHING", name, value);
    return db.single("SELECT value FROM device_meta WHERE name = ?", rs -> Db.text(rs, 1), name);
  }
}
