package dev.foodlens.sync.http;

import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Where one HTTP listener binds and how long it waits for its clients: a connection that sends
 * and receives nothing for {@code idleTimeout} is closed, so is one whose next request head
 * takes longer than {@code headerTimeout} ({@link Connections}). Cleartext HTTP/2 only when
 * {@code h2c}: it is a second parser and a second set of limits that nothing here needs.
 */
public record Listener(String host, int port, Duration idleTimeout, Duration headerTimeout,
    boolean h2c, Duration shutdownTimeout) {

  HttpServerOptions options() {
    return new HttpServerOptions()
        .setCompressionSupported(false)
        .setHttp2ClearTextEnabled(h2c)
        .setIdleTimeout((int) idleTimeout.toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
  }
}
