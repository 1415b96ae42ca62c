package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One named field of a schema: its type and the value shown while it was never set (or was
 * cleared with {@code null}).
 */
public record FieldSpec(String name, FieldType type, @Nullable Object defaultValue) {
  public FieldSpec {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    if (defaultValue != null && type.check(defaultValue, Integer.MAX_VALUE).isPresent()) {
      throw new IllegalArgumentException(
          "default of " + name + " breaks its own type: " + defaultValue);
    }
  }
}
