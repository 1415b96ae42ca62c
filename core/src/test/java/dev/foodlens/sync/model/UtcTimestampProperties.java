package dev.foodlens.sync.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 13: the hand-written timestamp reader answers exactly what the regex and {@code
 * OffsetDateTime.parse} it replaced answered, for valid timestamps and near misses alike.
 */
class UtcTimestampProperties {
  private static final Pattern SHAPE = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]00:00)");

  /** The reader before issue 13, kept as the oracle. */
  private static Optional<Long> formatter(String text) {
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

  @Property(tries = 5000)
  void answersWhatTheFormatterAnswered(@ForAll("timestamps") String text) {
    assertThat(UtcTimestamp.parse(text)).as(text).isEqualTo(formatter(text));
  }

  @Property(tries = 2000)
  void nearMissesToo(@ForAll("timestamps") String text, @ForAll("positions") int at,
      @ForAll("noise") char c) {
    String mutated = text.substring(0, at % text.length()) + c
        + text.substring(Math.min(text.length(), at % text.length() + (at % 2)));
    assertThat(UtcTimestamp.parse(mutated)).as(mutated).isEqualTo(formatter(mutated));
  }

  @Provide
  Arbitrary<String> timestamps() {
    Arbitrary<String> date = Combinators.combine(num(4, 0, 9999), num(2, 0, 13), num(2, 0, 32))
        .as((y, m, d) -> y + "-" + m + "-" + d);
    Arbitrary<String> time = Combinators.combine(num(2, 0, 25), num(2, 0, 61), num(2, 0, 61))
        .as((h, m, s) -> h + ":" + m + ":" + s);
    Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("."),
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(11).map(s -> "." + s),
        Arbitraries.integers().between(0, 999_999).map(us -> String.format(".%06d000", us)));
    Arbitrary<String> zone = Arbitraries.of("Z", "z", "+00:00", "-00:00", "+01:00", "", "00:00",
        "Z ", "+00:0");
    return Combinators.combine(date, Arbitraries.of("T", "t", " ", "x"), time, fraction, zone)
        .as((d, t, tm, f, z) -> d + t + tm + f + z);
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 40);
  }

  @Provide
  Arbitrary<Character> noise() {
    return Arbitraries.of('0', '9', '-', ':', '.', 'T', 'Z', '+', 'a', '\u0663');
  }

  private static Arbitrary<String> num(int width, int min, int max) {
    return Arbitraries.integers().between(min, max)
        .map(v -> String.format("%0" + width + "d", v));
  }
}
