package dev.foodlens.sync.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one rule every client string meets before it is stored, fingerprinted or echoed: no
 * U+0000 and no unpaired surrogate. Postgres refuses the first in {@code text} (22021) and
 * {@code jsonb} (22P05); the driver writes the second as {@code ?} while the answer, the ledger
 * and the cache keep the original, so devices would diverge. Every input parser calls
 * {@link #check} on what it reads; {@link FieldError} passes its text through
 * {@link #printable}, so a refusal can always be rendered and stored.
 */
public final class StorableText {
  public static final String RULE = "must not contain U+0000 or an unpaired surrogate";

  private StorableText() {}

  /** True when {@code s} holds neither U+0000 nor an unpaired surrogate. */
  public static boolean isStorable(String s) {
    return firstBad(s, 0) < 0;
  }

  /**
   * Reports every string in {@code value} (member names included, maps and lists walked) that
   * is not storable, with its path under {@code path}; true when it reported none.
   */
  public static boolean check(@Nullable Object value, String path, List<FieldError> errors) {
    int before = errors.size();
    walk(value, path, errors);
    return errors.size() == before;
  }

  private static void walk(@Nullable Object value, String path, List<FieldError> errors) {
    if (value instanceof String s && !isStorable(s)) {
      errors.add(new FieldError(path, RULE));
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((name, member) -> {
        String key = String.valueOf(name);
        String at = path.isEmpty() ? key : path + "." + key;
        if (!isStorable(key)) {
          errors.add(new FieldError(at, "is a member name that " + RULE));
        }
        walk(member, at, errors);
      });
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", errors);
      }
    }
  }

  /** {@code s} with each offending character written as {@code \\uXXXX}. */
  public static String printable(String s) {
    int bad = firstBad(s, 0);
    if (bad < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 12);
    int from = 0;
    while (bad >= 0) {
      out.append(s, from, bad).append(String.format("\\u%04X", (int) s.charAt(bad)));
      from = bad + 1;
      bad = firstBad(s, from);
    }
    return out.append(s, from, s.length()).toString();
  }

  private static int firstBad(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0 || Character.isLowSurrogate(c)) {
        return i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }
}
