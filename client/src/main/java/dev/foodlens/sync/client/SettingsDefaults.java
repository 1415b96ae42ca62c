package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The settings schema's defaults as the gateway serves them ({@code settingsDefaults} on every
 * page of {@code GET /me/sync}), kept per device: the app never copies the schema, and a key
 * never set or cleared reads what {@code GET /me/settings} shows for it.
 */
final class SettingsDefaults {
  private static final String KEY = "settings.defaults";

  private SettingsDefaults() {}

  /** Keeps the defaults a pulled page carries (the latest page wins). */
  static void learn(Db db, Api.Answer page) {
    JsonNode defaults = page.body().path("settingsDefaults");
    if (page.status() == 200 && defaults.isObject()) {
      db.run(d -> Meta.device(d, KEY, defaults.toString()));
    }
  }

  /**
   * Every key of the schema, with {@code stored} values over the defaults; a key stored as null
   * (cleared) reads its default. Before the first pull, {@code stored} as it is.
   */
  static Map<String, @Nullable Object> shown(Db db, Map<String, @Nullable Object> stored) {
    String known = db.lookup(d -> Meta.device(d, KEY));
    if (known == null) {
      return stored;
    }
    Map<String, @Nullable Object> shown = new TreeMap<>();
    Json.parse(known).fields().forEachRemaining(e -> shown.put(e.getKey(),
        e.getValue().isNull() ? null : Json.plain(e.getValue())));
    stored.forEach((key, value) -> {
      if (value != null || !shown.containsKey(key)) {
        shown.put(key, value);
      }
    });
    return shown;
  }
}
