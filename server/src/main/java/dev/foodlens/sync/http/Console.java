package dev.foodlens.sync.http;

import dev.foodlens.sync.store.PgConsole;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operator console (issue 18): its static files, read from the jar once at start-up so no
 * handler touches a file, and its queries. Thread-safe: the buffers are never written after
 * loading, and each response sends a slice of its own.
 */
public final class Console {
  /** The files under {@code resources/console/}, by the name the URL uses, and their types. */
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "console.css", "text/css; charset=utf-8",
      "console.js", "text/javascript; charset=utf-8");

  /** A file and its media type. */
  record Asset(Buffer bytes, String type) {}

  private final PgConsole queries;
  private final Map<String, Asset> assets;

  private Console(PgConsole queries, Map<String, Asset> assets) {
    this.queries = queries;
    this.assets = assets;
  }

  public static Console load(PgConsole queries) {
    Map<String, Asset> assets = new HashMap<>();
    FILES.forEach((name, type) -> assets.put(name, new Asset(read(name), type)));
    return new Console(queries, Map.copyOf(assets));
  }

  PgConsole queries() {
    return queries;
  }

  Optional<Asset> asset(String name) {
    return Optional.ofNullable(assets.get(name));
  }

  private static Buffer read(String name) {
    String path = "/console/" + name;
    try (InputStream in = Console.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing console resource " + path);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
