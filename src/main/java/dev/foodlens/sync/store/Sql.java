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
  private Sql() {}

  public static String load(String name) {
    String path = "/sql/" + name + ".sql";
    try (InputStream in = Sql.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing SQL resource " + path);
      }
      return new String(in.readAllBytes(), UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
