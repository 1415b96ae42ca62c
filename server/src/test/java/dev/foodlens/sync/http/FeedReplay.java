package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.model.Checkpoint;
import dev.foodlens.sync.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client's view of one user built only from the change feed, and the same view read from the
 * GET endpoints, so that the sync tests can compare the two.
 */
final class FeedReplay {
  static final Map<String, Object> SETTINGS_DEFAULTS = Map.of("units", "metric",
      "theme", "system", "notifications.scanReminders", true,
      "notifications.weeklySummary", false, "privacy.shareAnonymousStats", false,
      "strictMode", false);

  private FeedReplay() {}

  /** Every change after {@code since}, page by page, and the last page's checkpoint. */
  record Pulled(List<JsonObject> changes, String checkpoint) {}

  static Pulled pullAll(TestGateway gw, String token, long since, int limit) {
    List<JsonObject> changes = new ArrayList<>();
    String checkpoint = Checkpoint.after(since).encode();
    while (true) {
      JsonObject page = page(gw, token, checkpoint, limit);
      page.getJsonArray("changes").forEach(c -> changes.add((JsonObject) c));
      checkpoint = page.getString("checkpoint");
      if (!page.getBoolean("hasMore")) {
        return new Pulled(changes, checkpoint);
      }
    }
  }

  static JsonObject page(TestGateway gw, String token, String since, int limit) {
    HttpResponse<Buffer> r = gw.get("/me/sync?since=" + since + "&limit=" + limit, token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  /** The state the changes lead to: entity -> key -> the key's visible value. */
  static Map<String, Map<String, Object>> replay(List<JsonObject> changes) {
    Map<String, Map<String, Object>> state = empty();
    for (JsonObject c : changes) {
      switch (c.getString("entity")) {
        case "profile" -> put(state, "profile", c.getString("field"), c.getValue("value"));
        case "settings" -> state.get("settings").put(c.getString("field"),
            c.getValue("value") == null ? SETTINGS_DEFAULTS.get(c.getString("field"))
                : c.getValue("value"));
        case "allergy" -> put(state, "allergies", c.getString("allergen"),
            c.getBoolean("present") ? new JsonObject().put("severity", c.getValue("severity"))
                .put("pendingConfirmation", c.getBoolean("pendingConfirmation")) : null);
        case "history" -> put(state, "history", c.getString("id"),
            c.getBoolean("deleted") ? null : c.getJsonObject("entry"));
        default -> put(state, "conflicts", c.getJsonObject("conflict").getString("id"),
            c.getJsonObject("conflict").getString("state"));
      }
    }
    return state;
  }

  /** The same view from the GET endpoints; settings only for the keys {@code known} lists. */
  static Map<String, Map<String, Object>> read(TestGateway gw, String token,
      Iterable<String> knownSettings) {
    Map<String, Map<String, Object>> state = empty();
    JsonObject profile = gw.get("/me/profile", token).bodyAsJsonObject().getJsonObject("fields");
    profile.forEach(e -> put(state, "profile", e.getKey(), e.getValue()));
    JsonObject settings = gw.get("/me/settings", token).bodyAsJsonObject()
        .getJsonObject("fields");
    knownSettings.forEach(k -> state.get("settings").put(k, settings.getValue(k)));
    gw.get("/me/allergies", token).bodyAsJsonObject().getJsonArray("items").forEach(a -> {
      JsonObject item = (JsonObject) a;
      put(state, "allergies", item.getString("allergen"), new JsonObject()
          .put("severity", item.getValue("severity"))
          .put("pendingConfirmation", item.getBoolean("pendingConfirmation")));
    });
    gw.get("/me/allergies/conflicts", token).bodyAsJsonObject().getJsonArray("conflicts")
        .forEach(c -> put(state, "conflicts", ((JsonObject) c).getString("id"),
            ((JsonObject) c).getString("state")));
    JsonArray items = gw.get("/me/history?limit=200", token).bodyAsJsonObject()
        .getJsonArray("items");
    items.forEach(e -> put(state, "history", ((JsonObject) e).getString("id"), e));
    return state;
  }

  private static Map<String, Map<String, Object>> empty() {
    Map<String, Map<String, Object>> state = new TreeMap<>();
    for (String entity : List.of("profile", "settings", "allergies", "history", "conflicts")) {
      state.put(entity, new TreeMap<>());
    }
    return state;
  }

  /** A null value removes the key: cleared fields, absent allergens, deleted entries. */
  private static void put(Map<String, Map<String, Object>> state, String entity, String key,
      Object value) {
    if (value == null) {
      state.get(entity).remove(key);
    } else {
      state.get(entity).put(key, value);
    }
  }
}
