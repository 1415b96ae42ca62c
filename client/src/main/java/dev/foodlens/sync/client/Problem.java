package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Why an op failed: the server's RFC 9457 problem, or one the SDK made itself ({@code status}
 * 0; slugs {@code expired} and {@code max-attempts}). {@code json} is the whole problem object,
 * {@code errors} included.
 */
public record Problem(String type, String title, int status, @Nullable String detail,
    String json) {
  static final String BASE = "https://foodlens.dev/problems/";

  /** The last segment of {@code type}, e.g. {@code validation-failed}. */
  public String slug() {
    return type.startsWith(BASE) ? type.substring(BASE.length()) : type;
  }

  static Problem of(JsonNode node, int status) {
    String type = node.path("type").asText(BASE + "http-" + status);
    return new Problem(type, node.path("title").asText("HTTP " + status),
        node.path("status").asInt(status), node.hasNonNull("detail")
            ? node.get("detail").asText() : null, node.toString());
  }

  static Problem local(String slug, String title, String detail) {
    ObjectNode node = Json.object().put("type", BASE + slug).put("title", title)
        .put("status", 0).put("detail", detail);
    return of(node, 0);
  }

  static @Nullable Problem parse(@Nullable String json) {
    return json == null ? null : of(Json.parse(json), 0);
  }
}
