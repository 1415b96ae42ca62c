package dev.foodlens.sync.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Moves one HTTP exchange. The SDK's only network dependency, so an Android app can plug in
 * OkHttp; {@link #http(Duration)} is the java.net.http one. Implementations must be
 * thread-safe, must not follow redirects or retry on their own (a retried POST is the SDK's
 * decision), and throw {@link IOException} when no complete response arrived (refused, reset,
 * timed out) — {@link java.net.ConnectException} when the connection could not even be made.
 */
public interface Transport {
  Response send(Request request) throws IOException;

  /** The java.net.http transport with this per-request timeout (connect timeout too). */
  static Transport http(Duration timeout) {
    return new HttpTransport(timeout);
  }

  /** A request: method, absolute URI, headers, and a body (null for none). */
  record Request(String method, URI uri, Map<String, String> headers, byte @Nullable [] body) {}

  /** A complete response; header names compared case-insensitively. */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public Optional<String> header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst();
    }
  }
}
