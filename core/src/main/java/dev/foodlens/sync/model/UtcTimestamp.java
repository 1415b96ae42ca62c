package dev.foodlens.sync.model;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Contract §1 timestamps on input: RFC 3339 in UTC ({@code Z}, or an offset of zero), at most
 * microsecond precision because that is what Postgres keeps; anything finer would be lost
 * silently, so it is refused instead.
 *
 * <p>Read by hand, not with a regex and {@code OffsetDateTime.parse}: a 500-op push parses up to
 * 1,000 of these on the event loop, and the formatter was a tenth of a push's CPU. The rules are
 * the formatter's (seconds required, no leap second, real calendar dates).
 */
public final class UtcTimestamp {
  private UtcTimestamp() {}

  /** Microseconds since the epoch, or empty when {@code text} is no such timestamp. */
  public static Optional<Long> parse(String text) {
    int n = text.length();
    // yyyy-mm-ddThh:mm:ss then an optional fraction, then Z or +00:00 / -00:00
    if (n < 20 || text.charAt(4) != '-' || text.charAt(7) != '-'
        || (text.charAt(10) != 'T' && text.charAt(10) != 't')
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return Optional.empty();
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || hour > 23 || minute > 59 || second > 59) {
      return Optional.empty();
    }
    int i = 19;
    long micros = 0;
    if (text.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(text.charAt(i))) {
        int digit = text.charAt(i) - '0';
        int place = i - start;
        if (place < 6) {
          micros = micros * 10 + digit;
        } else if (digit != 0) {
          return Optional.empty(); // finer than a microsecond
        }
        i++;
      }
      int count = i - start;
      if (count == 0 || count > 9) {
        return Optional.empty();
      }
      for (int place = count; place < 6; place++) {
        micros *= 10;
      }
    }
    if (!utc(text, i)) {
      return Optional.empty();
    }
    long days;
    try {
      days = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return Optional.empty();
    }
    long seconds = days * 86_400L + hour * 3_600L + minute * 60L + second;
    return Optional.of(seconds * 1_000_000L + micros);
  }

  private static boolean utc(String text, int at) {
    int rest = text.length() - at;
    if (rest == 1) {
      char z = text.charAt(at);
      return z == 'Z' || z == 'z';
    }
    return rest == 6 && (text.charAt(at) == '+' || text.charAt(at) == '-')
        && text.startsWith("00:00", at + 1);
  }

  /** The value of {@code count} ASCII digits at {@code at}, or -1 when one is not a digit. */
  private static int digits(String text, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
