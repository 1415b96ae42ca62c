package dev.foodlens.sync.client;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The profile's fields of contract §4, typed; null for a field that holds no value. The map form
 * ({@link FoodLensSync#profile()}) shows the same values.
 */
public record Profile(@Nullable String displayName, @Nullable String locale,
    @Nullable String dietType, @Nullable String avatarUrl, @Nullable Integer birthYear) {

  static Profile of(Map<String, ?> fields) {
    Object year = fields.get("birthYear");
    return new Profile(text(fields, "displayName"), text(fields, "locale"),
        text(fields, "dietType"), text(fields, "avatarUrl"),
        year instanceof Number n ? Integer.valueOf(n.intValue()) : null);
  }

  static @Nullable String text(Map<String, ?> fields, String name) {
    Object value = fields.get(name);
    return value == null ? null : value.toString();
  }
}
