package dev.foodlens.sync.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.foodlens.sync.model.Uuids;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Request parsing shared by every write: the JSON body (with its media type) and the
 * {@code Idempotency-Key}. Values come out as plain maps and lists for the pure core.
 *
 * <p>JSON is read strictly (contract §1), so that what the ledger fingerprints is what a strict
 * client sent: UTF-8 with no overlong or surrogate forms, no comments, no duplicate member
 * names, at most {@link #MAX_DEPTH} levels of nesting.
 */
final class Bodies {
  /** The contract's bodies nest four levels at most; the rest is room, not a use. */
  static final int MAX_DEPTH = 32;
  private static final JsonFactory STRICT = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build();

  private Bodies() {}

  /**
   * The first handler of a route that reads a body, ahead of authentication: the body stays
   * unread (paused) until {@link #reader} takes it, so nothing of it is buffered for a request
   * that authentication or the rate limit refuses.
   */
  static void hold(RoutingContext ctx) {
    if (!ctx.request().isEnded()) {
      ctx.request().pause();
    }
    ctx.next();
  }

  /**
   * Reads the body of a write, after authentication ({@link #hold}). JSON only: a multipart or
   * form body is 415 before a byte of it is read, and uploads are off, so nothing is ever
   * written to disk.
   */
  static Handler<RoutingContext> reader(int limit) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(limit);
    return ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      if (type == null ? Connections.announcesBody(ctx.request()) : !isJson(type)) {
        ctx.fail(new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
            "send the body as application/json"));
        return;
      }
      body.handle(ctx);
    };
  }

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
      value = raw == null || raw.length() == 0 ? null : parse(raw);
    } catch (DecodeException | IOException e) {
      throw new ProblemException(ProblemType.MALFORMED_JSON, "the body is not strict JSON: "
          + "UTF-8, no comments, no member name twice in an object, at most " + MAX_DEPTH
          + " levels deep");
    }
    if (!(value instanceof JsonObject object)) {
      throw new ProblemException(ProblemType.MALFORMED_JSON, "the body must be a JSON object");
    }
    return plainMap(object.getMap());
  }

  /**
   * Decoded by the JDK first, which refuses overlong forms (C0 AF is not '/') and encoded
   * surrogates that Jackson's byte parser would let through.
   */
  private static @Nullable Object parse(Buffer raw) throws IOException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw.getBytes())).toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException("the body is not UTF-8");
    }
    JsonParser parser = STRICT.createParser(text);
    return JacksonCodec.fromParser(parser, Object.class);
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
      return plainMap(map);
    }
    if (value instanceof List<?> list) {
      List<@Nullable Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(plain(v)));
      return out;
    }
    return value;
  }

  private static Map<String, @Nullable Object> plainMap(Map<?, ?> map) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
    return out;
  }
}
