package dev.foodlens.sync.app;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the configuration comes from, so that the jar runs from any directory. Every key has its
 * default in the copy of {@code conf/gateway.json} built into the jar; a {@code conf/gateway.json}
 * in the working directory, or the file {@code --conf} names, overrides the keys it holds; then
 * {@code FOODLENS_<PATH>} variables override any key ({@link AppConfig#load}).
 *
 * <p>A file a key names ({@code settings.schema}) is read from disk when it exists there; a
 * relative name that does not falls back to the jar's copy of the same name, so the default
 * {@code conf/settings-schema.json} needs no file beside the jar.
 */
final class ConfigFiles {
  static final String GATEWAY = "conf/gateway.json";

  private ConfigFiles() {}

  /** The defaults, overridden by {@code conf} or, without it, by ./conf/gateway.json if any. */
  static JsonObject effective(@Nullable Path conf) throws IOException {
    JsonObject defaults = new JsonObject(builtIn(GATEWAY));
    Path file = conf;
    if (file == null && Files.isRegularFile(Path.of(GATEWAY))) {
      file = Path.of(GATEWAY);
    }
    if (file == null) {
      return defaults;
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no configuration file " + file, e);
    }
    return AppConfig.overlay(defaults, new JsonObject(text), file.toString());
  }

  /** The file at {@code location}, or the jar's copy when a relative location is not on disk. */
  static String read(String location) throws IOException {
    Path file = Path.of(location);
    if (Files.exists(file) || file.isAbsolute()) {
      return Files.readString(file);
    }
    try {
      return builtIn(location);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(location, null, "neither a file nor built into the jar");
    }
  }

  private static String builtIn(String name) throws IOException {
    try (InputStream in = ConfigFiles.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new NoSuchFileException(name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
