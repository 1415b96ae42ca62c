package dev.foodlens.sync.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Serves one router on one event loop: {@code Main} deploys one API instance per core (Vert.x
 * spreads connections across them) and one management instance. On undeploy it stops
 * accepting and lets in-flight requests finish for at most the listener's shutdown timeout.
 */
public final class HttpVerticle extends VerticleBase {
  private final Listener listener;
  private final Function<Vertx, Router> routes;
  private HttpServer server;
  private Connections connections;

  /** {@code routes} builds this instance's router: {@link Api#router} or {@link Api#management}. */
  public HttpVerticle(Listener listener, Function<Vertx, Router> routes) {
    this.listener = listener;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    connections = new Connections(vertx, listener.headerTimeout(), listener.idleTimeout());
    connections.start();
    Router router = routes.apply(vertx);
    router.route().order(-1).handler(connections::handle);
    server = vertx.createHttpServer(listener.options())
        .connectionHandler(connections::opened)
        .requestHandler(router);
    return server.listen(listener.port(), listener.host());
  }

  @Override
  public Future<?> stop() {
    connections.stop();
    return server.shutdown(listener.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }
}
