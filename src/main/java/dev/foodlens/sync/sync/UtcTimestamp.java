package dev.foodlens.sync.sync;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Contract §1 timestamps on input: RFC 3339 in UTC ({@code Z}, or an offset of zero), at most
 * microsecond precision because that is what Postgres keeps; anything finer would be lost
 * silently, so it is refused instead.
 */
public final class UtcTimestamp {
  /** RFC 3339's date-time with seconds required (ISO 8601 parsers also take "10:00Z"). */
  private static final Pattern SHAPE = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]00:00)");

  private UtcTimestamp() {}

  /** Microseconds since the epoch, or empty when {@code text} is no such timestamp. */
  public static Optional<Long> parse(String text) {
    if (!SHAPE.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      Instant instant = OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
      if (instant.getNano() % 1_000 != 0) {
        return Optional.empty();
      }
      return Optional.of(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
          instant.getNano() / 1_000L));
    } catch (DateTimeException | ArithmeticException e) {
      return Optional.empty();
    }
  }
}
