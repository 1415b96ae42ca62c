package dev.foodlens.sync.ledger;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Renders a parsed JSON value with object keys sorted and no insignificant white space, so that
 * two bodies that differ only in key order or spacing fingerprint alike.
 *
 * <p>Accepts the value model of a JSON parser: {@code Map<String, ?>}, {@code List<?>},
 * {@code String}, {@code Number}, {@code Boolean} and {@code null}.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  public static String render(@Nullable Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, @Nullable Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      writeObject(out, map);
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(out, list.get(i));
      }
      out.append(']');
    } else if (value instanceof String s) {
      writeString(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Number n) {
      out.append(number(n));
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void writeObject(StringBuilder out, Map<?, ?> map) {
    Map<String, @Nullable Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, @Nullable Object> e : sorted.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(out, e.getKey());
      out.append(':');
      write(out, e.getValue());
    }
    out.append('}');
  }

  /** 1, 1.0 and 1e0 are one number: render every number in its plain shortest decimal form. */
  private static String number(Number n) {
    if (n instanceof Double x && !Double.isFinite(x)
        || n instanceof Float f && !Float.isFinite(f)) {
      return n.toString(); // a parser's overflow of a huge literal, still one value per literal
    }
    BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
    BigDecimal stripped = d.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.toBigInteger().toString() : stripped.toPlainString();
  }

  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
