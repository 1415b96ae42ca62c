package dev.foodlens.sync.client;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The settings the schema ships (contract §4), typed, as {@link FoodLensSync#settings()} shows
 * them: the schema's default for a key never set once the first pull brought the defaults; before
 * it, null for a key not set. Keys a newer schema adds are in the map form only.
 */
public record Settings(@Nullable String units, @Nullable String theme, @Nullable String language,
    @Nullable Boolean scanReminders, @Nullable Boolean weeklySummary,
    @Nullable Boolean shareAnonymousStats, @Nullable Boolean strictMode) {

  static Settings of(Map<String, ?> shown) {
    return new Settings(Profile.text(shown, "units"), Profile.text(shown, "theme"),
        Profile.text(shown, "language"), flag(shown, "notifications.scanReminders"),
        flag(shown, "notifications.weeklySummary"), flag(shown, "privacy.shareAnonymousStats"),
        flag(shown, "strictMode"));
  }

  private static @Nullable Boolean flag(Map<String, ?> shown, String name) {
    return shown.get(name) instanceof Boolean b ? b : null;
  }
}
