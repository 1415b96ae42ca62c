package dev.foodlens.sync.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Serves the API on one event loop; {@code Main} deploys one instance per core, and Vert.x
 * spreads connections across them. On undeploy it stops accepting and lets in-flight requests
 * finish for at most {@code shutdownTimeout}.
 */
public final class HttpVerticle extends VerticleBase {
  private final Deps deps;
  private final String host;
  private final int port;
  private final Duration shutdownTimeout;
  private HttpServer server;

  public HttpVerticle(Deps deps, String host, int port, Duration shutdownTimeout) {
    this.deps = deps;
    this.host = host;
    this.port = port;
    this.shutdownTimeout = shutdownTimeout;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false))
        .requestHandler(Api.router(vertx, deps));
    return server.listen(port, host);
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
