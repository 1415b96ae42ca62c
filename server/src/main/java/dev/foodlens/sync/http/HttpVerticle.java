package dev.foodlens.sync.http;

import dev.foodlens.sync.store.UserScope;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Serves one router on one event loop: {@code Main} deploys one API instance per core (Vert.x
 * spreads connections across them) and one management instance. On undeploy it stops
 * accepting and lets in-flight requests finish for at most the listener's shutdown timeout.
 *
 * <p>An API instance builds its own Postgres pool in {@link #start}, on its own context, so
 * the pool's connections share the instance's event loop ({@link UserScope#bindLoop}); it
 * closes that pool after the last request has finished.
 */
public final class HttpVerticle extends VerticleBase {
  private final Listener listener;
  private final Function<Vertx, Router> routes;
  private final @Nullable Supplier<Pool> loopPool;
  private @Nullable HttpServer server;
  private @Nullable Connections connections;
  private @Nullable Pool pool;

  /**
   * {@code routes} builds this instance's router: {@link Routers#router} or
   * {@link Routers#management};
   * {@code loopPool}, when given, builds the pool of this instance's event loop.
   */
  public HttpVerticle(Listener listener, Function<Vertx, Router> routes,
      @Nullable Supplier<Pool> loopPool) {
    this.listener = listener;
    this.routes = routes;
    this.loopPool = loopPool;
  }

  @Override
  public Future<?> start() {
    if (loopPool != null) {
      pool = loopPool.get();
      UserScope.bindLoop(context, pool);
    }
    Connections open = new Connections(vertx, listener.headerTimeout(), listener.idleTimeout());
    connections = open;
    open.start();
    Router router = routes.apply(vertx);
    router.route().order(-1).handler(open::handle);
    HttpServer listening = vertx.createHttpServer(listener.options())
        .connectionHandler(open::opened)
        .requestHandler(router);
    server = listening;
    return listening.listen(listener.port(), listener.host());
  }

  @Override
  public Future<?> stop() {
    Connections open = connections;
    HttpServer listening = server;
    Pool own = pool;
    if (open != null) {
      open.stop();
    }
    Future<Void> shut = listening == null ? Future.succeededFuture()
        : listening.shutdown(listener.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    return shut.eventually(() -> own == null ? Future.succeededFuture() : own.close());
  }
}
