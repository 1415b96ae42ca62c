package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's routes as the SDK uses them. Every call asks the {@link TokenSource} for the
 * user whose data it carries; a 401 asks once more (a refreshed token) and repeats the same
 * request — the queue never sees the first 401.
 */
final class Api {
  /** A complete answer: status, Retry-After (null when absent), JSON body (missing if none). */
  record Answer(int status, @Nullable Duration retryAfter, JsonNode body) {}

  /** No token for that user now: nothing was sent. */
  static final class NoToken extends IOException {
    private static final long serialVersionUID = 1L;

    NoToken(String userId) {
      super("no token for user " + userId);
    }
  }

  private final URI base;
  private final Transport transport;
  private final TokenSource tokens;
  private final String deviceId;
  private final Clock clock;

  Api(URI base, Transport transport, TokenSource tokens, String deviceId, Clock clock) {
    this.base = base;
    this.transport = transport;
    this.tokens = tokens;
    this.deviceId = deviceId;
    this.clock = clock;
  }

  Answer get(String userId, String pathAndQuery) throws IOException {
    return call(userId, "GET", pathAndQuery, null, null);
  }

  Answer post(String userId, String path, @Nullable UUID key, JsonNode body) throws IOException {
    return call(userId, "POST", path, key, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Answer call(String userId, String method, String path, @Nullable UUID key,
      byte @Nullable [] body) throws IOException {
    Answer answer = once(userId, method, path, key, body);
    return answer.status() == 401 ? once(userId, method, path, key, body) : answer;
  }

  private Answer once(String userId, String method, String path, @Nullable UUID key,
      byte @Nullable [] body) throws IOException {
    String token = tokens.token(userId);
    if (token == null) {
      throw new NoToken(userId);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token);
    headers.put("X-Device-Id", deviceId);
    headers.put("Accept", "application/json");
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    if (key != null) {
      headers.put("Idempotency-Key", key.toString());
    }
    Transport.Response response = transport.send(
        new Transport.Request(method, base.resolve(path), headers, body));
    JsonNode json;
    try {
      json = Json.parse(response.body());
    } catch (IOException e) {
      json = Json.MAPPER.missingNode();
    }
    return new Answer(response.status(),
        response.header("Retry-After").map(this::retryAfter).orElse(null), json);
  }

  /** Delta-seconds or an HTTP-date (RFC 9110 §10.2.3); unreadable reads as absent. */
  private @Nullable Duration retryAfter(String value) {
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant();
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
      } catch (RuntimeException unreadable) {
        return null;
      }
    }
  }
}
