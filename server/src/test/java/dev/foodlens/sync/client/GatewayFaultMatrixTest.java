package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.app.Gateway;
import dev.foodlens.sync.app.Main;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.store.WriteHooks;
import dev.foodlens.sync.testing.FaultProxy;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Matrix cells 3 and 4 (issue 5): the gateway process is SIGKILLed in the middle of a 500-op
 * push and restarted; Postgres' connection is cut under the gateway during a push. Either way the
 * queue drains and the server holds every op exactly once.
 */
class GatewayFaultMatrixTest {
  private static final int OPS = 500;
  private final Devices devices = new Devices();

  private static Scan scan(int n) {
    return new Scan(UUID.randomUUID(), Instant.parse("2026-11-24T10:00:00Z").plusSeconds(n),
        "789100010010" + n, "Biscuit " + n, Verdict.UNSAFE, List.of("peanut"), null);
  }

  private static long rows(TestDatabase db, String table, String user) {
    return db.count("SELECT count(*) FROM " + table + " WHERE user_id = '" + user + "'");
  }

  /** Syncs (moving the test clock past any backoff) until the queue is empty, at most 20 times. */
  private SyncStatus drain(FoodLensSync phone) {
    SyncStatus status = devices.syncLater(phone);
    for (int i = 0; i < 20 && status.queueDepth() > 0; i++) {
      status = devices.syncLater(phone);
    }
    return status;
  }

  @Test
  void cell3_gatewayKilledMidPush_restarted_queueDrains_eachOpOnce() throws Exception {
    try (TestDatabase db = TestDatabase.create(GatewayFaultMatrixTest.class)) {
      int port = freePort();
      List<Process> gateways = new ArrayList<>(List.of(startGateway(db, port)));
      AtomicBoolean killed = new AtomicBoolean();
      Transport http = Transport.http(Duration.ofSeconds(10));
      Transport killing = request -> {
        if (request.uri().getPath().equals("/me/sync/push") && killed.compareAndSet(false, true)) {
          Process victim = gateways.get(0);
          new Thread(() -> {
            sleep(30);
            victim.destroyForcibly();
          }).start();
        }
        return http.send(request);
      };
      String user = "u-" + UUID.randomUUID();
      try (FoodLensSync phone = devices.builder(URI.create("http://127.0.0.1:" + port),
          "phone-1", devices.store("killed-" + user)).transport(killing).build()) {
        phone.signIn(user);
        for (int i = 0; i < OPS; i++) {
          phone.createScan(scan(i));
        }
        SyncStatus during = Devices.sync(phone);
        assertThat(killed).isTrue();
        assertThat(gateways.get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(during.queueDepth()).isEqualTo(OPS);

        gateways.add(startGateway(db, port));
        SyncStatus after = drain(phone);
        assertThat(after.queueDepth()).isZero();
        assertThat(rows(db, "history", user)).isEqualTo(OPS);
        assertThat(rows(db, "idempotency_ledger", user)).isEqualTo(OPS);
        assertThat(rows(db, "changes", user)).isEqualTo(OPS);
      } finally {
        gateways.forEach(Process::destroyForcibly);
      }
    }
  }

  @Test
  void cell4_postgresCutUnderTheGatewayDuringAPush_503_thenRetried_eachOpOnce() {
    try (TestDatabase db = TestDatabase.create(GatewayFaultMatrixTest.class);
        FaultProxy pg = db.proxy()) {
      String user = "u-" + UUID.randomUUID();
      AtomicBoolean cut = new AtomicBoolean();
      WriteHooks cutBeforeCommit = new WriteHooks() {
        @Override
        public Future<Void> afterClaim(String userId) {
          return Future.succeededFuture();
        }

        @Override
        public Future<Void> beforeCommit(String userId) {
          if (userId.equals(user) && cut.compareAndSet(false, true)) {
            pg.mode(FaultProxy.Mode.REFUSE);
          }
          return Future.succeededFuture();
        }
      };
      String viaProxy = db.uriVia(pg);
      try (TestGateway gw = TestGateway.onUri(viaProxy)
          .env("FOODLENS_PG_CONNECT_TIMEOUT", "500ms").env("FOODLENS_PG_POOL_WAIT_TIMEOUT", "1s")
          .seams(new Gateway.Seams(HybridClock.system(), Clock.systemUTC(), cutBeforeCommit))
          .start();
          FoodLensSync phone = devices.device(URI.create("http://127.0.0.1:" + gw.port()),
              "phone-1", user)) {
        for (int i = 0; i < OPS; i++) {
          phone.createScan(scan(i));
        }
        SyncStatus during = Devices.sync(phone);
        assertThat(cut).isTrue();
        assertThat(during.lastError()).contains("503");
        assertThat(during.queueDepth()).isEqualTo(OPS);
        // The cut races the COMMIT on its way: either it never reached Postgres or only its
        // answer was lost. Both are safe; what must never happen is half a batch.
        assertThat(rows(db, "history", user)).as("all or nothing").isIn(0L, (long) OPS);

        pg.mode(FaultProxy.Mode.PASS);
        SyncStatus after = drain(phone);
        assertThat(after.queueDepth()).isZero();
        assertThat(rows(db, "history", user)).isEqualTo(OPS);
        assertThat(rows(db, "idempotency_ledger", user)).isEqualTo(OPS);
      }
    }
  }

  private static Process startGateway(TestDatabase db, int port) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve");
    builder.environment().put("FOODLENS_PG_URI", db.uri());
    builder.environment().put("FOODLENS_HTTP_PORT", String.valueOf(port));
    builder.environment().put("FOODLENS_MANAGEMENT_PORT", String.valueOf(freePort()));
    builder.environment().put("FOODLENS_AUTH_HMAC_SECRET", TestTokens.SECRET);
    builder.environment().put("FOODLENS_AUTH_DEV_SECRET_FILE", "");
    builder.environment().put("FOODLENS_LIMITS_USER_RATE", "1000000");
    builder.environment().put("FOODLENS_LIMITS_USER_BURST", "1000000");
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/readyz")).build();
    for (int i = 0; i < 300; i++) {
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return process;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the gateway process did not become ready");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
