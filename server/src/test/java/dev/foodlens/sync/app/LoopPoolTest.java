package dev.foodlens.sync.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.http.HttpVerticle;
import dev.foodlens.sync.http.Listener;
import dev.foodlens.sync.store.FlushConsolidation;
import dev.foodlens.sync.store.PrimaryLocator;
import dev.foodlens.sync.store.UserScope;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections on the request's event loop: each API verticle builds its pool on its own
 * context ({@link HttpVerticle}, {@link UserScope#bindLoop}), so the connection a request's
 * transaction runs on reads and writes on the thread that serves the request.
 */
class LoopPoolTest {
  static TestDatabase db;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(LoopPoolTest.class);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    db.close();
  }

  @Test
  void everyTransactionOfARequestRunsOnThatRequestsLoop() throws Exception {
    AppConfig.Pg pg = TestGateway.on(db).config().pg();
    PrimaryLocator primary = Gateway.locator(vertx, pg);
    Pool shared = Gateway.pool(vertx, pg, primary, "foodlens", Gateway.BACKGROUND_POOL, 16);
    UserScope scope = Gateway.scope(shared, pg);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Listener listener = new Listener("127.0.0.1", port, Duration.ofSeconds(30),
        Duration.ofSeconds(10), false, Duration.ofSeconds(5));
    String deployment = vertx.deployVerticle(() -> new HttpVerticle(listener, v -> {
      Router router = Router.router(v);
      // Each answers whether the transaction's socket belongs to the thread running the work,
      // through every way a request reaches Postgres.
      router.get("/loop/write")
          .handler(ctx -> reply(ctx, scope.write("u-loop", LoopPoolTest::onLoop)));
      router.get("/loop/two").handler(ctx -> reply(ctx, scope.writeInTwo("u-loop",
          tx -> Future.succeededFuture(onLoop(tx)))));
      router.get("/loop/read")
          .handler(ctx -> reply(ctx, scope.read("u-loop", LoopPoolTest::onLoop)));
      return router;
    }, () -> Gateway.pool(vertx, pg, primary, "foodlens-loop", 4, 16)),
        new DeploymentOptions().setInstances(2)).await();
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(port), new PoolOptions().setHttp1MaxSize(16));
    try {
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < 240; i++) {
        sent.add(client.get(List.of("/loop/write", "/loop/two", "/loop/read").get(i % 3)).send());
      }
      Set<String> threads = new HashSet<>();
      for (Future<HttpResponse<Buffer>> one : sent) {
        HttpResponse<Buffer> answer = one.await();
        assertThat(answer.statusCode()).isEqualTo(200);
        String[] parts = answer.bodyAsString().split(" ");
        assertThat(parts[0]).as("connection on the request's loop: " + answer.bodyAsString())
            .isEqualTo("true");
        threads.add(parts[1]);
      }
      assertThat(threads).as("both loops served requests").hasSize(2);
    } finally {
      client.close();
      vertx.undeploy(deployment).await();
      shared.close().await();
      primary.close().await();
    }
  }

  @Test
  void statementsLongerThanTheClientsDefaultCacheLimitArePreparedOnce() {
    AppConfig.Pg pg = TestGateway.on(db).config().pg();
    PrimaryLocator primary = Gateway.locator(vertx, pg);
    Pool pool = Gateway.pool(vertx, pg, primary, "foodlens-long", 1, 16);
    // Like our statements: a comment that says why, making it longer than 2,048 characters.
    String sql = "-- " + "why ".repeat(700) + "\nSELECT $1::int + 1";
    try {
      long prepared = pool.withConnection(c -> c.preparedQuery(sql).execute(Tuple.of(1))
          .compose(v -> c.preparedQuery(sql).execute(Tuple.of(2)))
          .compose(v -> c.preparedQuery(
                  "SELECT count(*) FROM pg_prepared_statements WHERE statement = $1")
              .execute(Tuple.of(sql)))
          .map(rows -> rows.iterator().next().getLong(0))).await();
      assertThat(prepared).as("a named server-side statement, parsed once").isEqualTo(1);
    } finally {
      pool.close().await();
      primary.close().await();
    }
  }

  @Test
  void statementsSentInOneEventLoopTaskLeaveInOneSocketWrite() {
    AppConfig.Pg pg = TestGateway.on(db).config().pg();
    PrimaryLocator primary = Gateway.locator(vertx, pg);
    Pool pool = Gateway.pool(vertx, pg, primary, "foodlens-flush", 1, 16);
    AtomicInteger flushes = new AtomicInteger();
    try {
      Context context = vertx.getOrCreateContext();
      Promise<Integer> done = Promise.promise();
      // Prepared once first, so the four below are Bind/Execute only, as on the request path.
      context.runOnContext(v -> pool.getConnection().compose(conn -> conn
              .preparedQuery("SELECT $1::int").execute(Tuple.of(0)).map(conn))
          .onFailure(done::fail)
          .onSuccess(conn -> context.runOnContext(fresh -> {
            // Counts the flushes that reach the socket, below every other handler.
            FlushConsolidation.pipeline(conn).addFirst(new ChannelOutboundHandlerAdapter() {
              @Override
              public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
              }
            });
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
              sent.add(conn.preparedQuery("SELECT $1::int").execute(Tuple.of(i)));
            }
            Future.all(sent).map(all -> flushes.get()).eventually(conn::close)
                .onComplete(done);
          })));
      assertThat(done.future().await()).as("socket flushes for four pipelined statements")
          .isEqualTo(1);
    } finally {
      pool.close().await();
      primary.close().await();
    }
  }

  private static Future<Boolean> onLoop(SqlClient tx) {
    boolean same = FlushConsolidation.pipeline((SqlConnection) tx).channel().eventLoop()
        .inEventLoop();
    return tx.query("SELECT 1").execute().map(rows -> same);
  }

  private static void reply(RoutingContext ctx, Future<Boolean> same) {
    same.onSuccess(s -> ctx.end(s + " " + Thread.currentThread().getName() + " "
            + ctx.normalizedPath()))
        .onFailure(ctx::fail);
  }
}
