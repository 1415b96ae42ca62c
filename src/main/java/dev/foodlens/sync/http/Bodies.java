package dev.foodlens.sync.http;

import dev.foodlens.sync.sync.Uuids;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Request parsing shared by every write: the JSON body (with its media type) and the
 * {@code Idempotency-Key}. Values come out as plain maps and lists for the pure core.
 */
final class Bodies {
  private Bodies() {}

  /** The body as a JSON object; 415 for another media type, 400 for anything but an object. */
  static Map<String, @Nullable Object> object(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !isJson(type)) {
      throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "send the body as application/json");
    }
    Buffer raw = ctx.body().buffer();
    Object value;
    try {
      value = raw == null || raw.length() == 0 ? null : Json.decodeValue(raw);
    } catch (DecodeException e) {
      throw new ProblemException(ProblemType.MALFORMED_JSON, "the body is not valid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw new ProblemException(ProblemType.MALFORMED_JSON, "the body must be a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) plain(object);
    return map;
  }

  static UUID idempotencyKey(RoutingContext ctx) {
    return Uuids.parse(ctx.request().getHeader("Idempotency-Key")).orElseThrow(() ->
        new ProblemException(ProblemType.IDEMPOTENCY_KEY_REQUIRED,
            "writes need an Idempotency-Key header holding a UUID"));
  }

  private static boolean isJson(String contentType) {
    String mime = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return mime.equals("application/json") || (mime.startsWith("application/")
        && mime.endsWith("+json"));
  }

  /** Vert.x wraps nested values lazily; the core wants plain {@code Map}s and {@code List}s. */
  static @Nullable Object plain(@Nullable Object value) {
    if (value instanceof JsonObject o) {
      value = o.getMap();
    } else if (value instanceof JsonArray a) {
      value = a.getList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<@Nullable Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(plain(v)));
      return out;
    }
    return value;
  }
}
