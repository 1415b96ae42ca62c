package dev.foodlens.sync.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a field schema declared as data (the settings schema in {@code conf/}):
 * <pre>{"units": {"type": "enum", "values": ["metric", "imperial"], "default": "metric"}, …}</pre>
 * Reads list every key, with its default when never set. Types: {@code text} (min, max),
 * {@code enum} (values), {@code languageTag}, {@code httpsUrl} (max), {@code year} (min),
 * {@code boolean}. A bad declaration throws
 * {@link IllegalArgumentException} naming the key, so start-up fails fast.
 */
public final class SchemaFile {
  private SchemaFile() {}

  public static FieldSchema parse(String entity, Map<String, ?> declaration) {
    List<FieldSpec> specs = new ArrayList<>();
    declaration.forEach((name, raw) -> {
      if (!(raw instanceof Map<?, ?> decl)) {
        throw new IllegalArgumentException(entity + " key " + name + " must be an object");
      }
      try {
        specs.add(new FieldSpec(name, type(decl), decl.get("default")));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(entity + " key " + name + ": " + e.getMessage(), e);
      }
    });
    return FieldSchema.of(entity, specs, true);
  }

  private static FieldType type(Map<?, ?> decl) {
    Object type = decl.get("type");
    return switch (String.valueOf(type)) {
      case "text" -> new FieldType.Text(integer(decl, "min"), integer(decl, "max"));
      case "enum" -> new FieldType.OneOf(strings(decl.get("values")));
      case "languageTag" -> new FieldType.LanguageTag();
      case "httpsUrl" -> new FieldType.HttpsUrl(integer(decl, "max"));
      case "year" -> new FieldType.Year(integer(decl, "min"));
      case "boolean" -> new FieldType.Bool();
      default -> throw new IllegalArgumentException("unknown type " + type);
    };
  }

  private static int integer(Map<?, ?> decl, String name) {
    if (decl.get(name) instanceof Number n && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    throw new IllegalArgumentException(name + " must be a whole number");
  }

  private static List<String> strings(@Nullable Object values) {
    if (!(values instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException("values must be a non-empty list of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object v : list) {
      if (!(v instanceof String s)) {
        throw new IllegalArgumentException("values must be a non-empty list of strings");
      }
      out.add(s);
    }
    return out;
  }
}
