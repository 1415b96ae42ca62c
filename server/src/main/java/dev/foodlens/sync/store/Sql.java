package dev.foodlens.sync.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Loads one SQL statement from {@code resources/sql/<area>/<verb_noun>.sql}. Called while the
 * stores are built, before any verticle deploys, so no handler ever reads a file.
 */
public final class Sql {
  /**
   * The longest statement the connections' prepared-statement cache keeps (the pg client's
   * default, 2,048 characters, silently re-parses and re-plans anything longer on every
   * execution: our statements carry their comments). No statement we ship may be longer.
   */
  public static final int CACHE_LIMIT = 16 * 1024;

  private Sql() {}

  public static String load(String name) {
    String path = "/sql/" + name + ".sql";
    try (InputStream in = Sql.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing SQL resource " + path);
      }
      String sql = new String(in.readAllBytes(), UTF_8).strip();
      if (sql.length() > CACHE_LIMIT) {
        throw new IllegalStateException(path + " is longer than the statement cache keeps ("
            + sql.length() + " > " + CACHE_LIMIT + " characters)");
      }
      return sql;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
