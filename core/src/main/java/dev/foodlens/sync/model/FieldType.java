package dev.foodlens.sync.model;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The value types a profile field or settings key may have. {@link #check} returns why a
 * non-null value is not acceptable, or empty when it is.
 */
public sealed interface FieldType {
  Optional<String> check(Object value, int currentYear);

  /** A string of {@code min} to {@code max} characters (code points). */
  record Text(int min, int max) implements FieldType {
    @Override
    public Optional<String> check(Object value, int currentYear) {
      if (!(value instanceof String s)) {
        return Optional.of("must be a string");
      }
      int length = s.codePointCount(0, s.length());
      return length < min || length > max
          ? Optional.of("must be " + min + " to " + max + " characters")
          : Optional.empty();
    }
  }

  /** One of a fixed list of strings. */
  record OneOf(List<String> values) implements FieldType {
    public OneOf {
      values = List.copyOf(values);
    }

    @Override
    public Optional<String> check(Object value, int currentYear) {
      return value instanceof String s && values.contains(s)
          ? Optional.empty()
          : Optional.of("must be one of " + String.join(", ", values));
    }
  }

  /** A well-formed BCP 47 language tag of at most 35 characters (RFC 5646 §4.4.1). */
  record LanguageTag() implements FieldType {
    private static final Pattern TAG =
        Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    @Override
    public Optional<String> check(Object value, int currentYear) {
      return value instanceof String s && s.length() <= 35 && TAG.matcher(s).matches()
          ? Optional.empty()
          : Optional.of("must be a BCP 47 language tag of at most 35 characters");
    }
  }

  /** An absolute https URL of at most {@code max} characters. */
  record HttpsUrl(int max) implements FieldType {
    private static final Pattern URL = Pattern.compile("https://[^\\s/?#@]+(/[^\\s]*)?");

    @Override
    public Optional<String> check(Object value, int currentYear) {
      return value instanceof String s && s.length() <= max && URL.matcher(s).matches()
          ? Optional.empty()
          : Optional.of("must be an https URL of at most " + max + " characters");
    }
  }

  /** A whole year from {@code min} to the current year. */
  record Year(int min) implements FieldType {
    @Override
    public Optional<String> check(Object value, int currentYear) {
      boolean whole = value instanceof Integer || value instanceof Long;
      if (!whole || ((Number) value).longValue() < min
          || ((Number) value).longValue() > currentYear) {
        return Optional.of("must be a whole year from " + min + " to " + currentYear);
      }
      return Optional.empty();
    }
  }

  /** {@code true} or {@code false}. */
  record Bool() implements FieldType {
    @Override
    public Optional<String> check(Object value, int currentYear) {
      return value instanceof Boolean ? Optional.empty() : Optional.of("must be true or false");
    }
  }
}
