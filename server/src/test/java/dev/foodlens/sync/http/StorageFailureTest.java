package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.FaultProxy;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Storage failures are {@code 503 unavailable} with {@code Retry-After}, never a 500 (contract §1):
 * a connection broken at any byte (the broken pipe of a Postgres that dies mid-transaction),
 * backends terminated by the server (57P01), a database that turned read-only (25006, a standby or
 * a failover in progress). A write answered 503 is absent or applies exactly once when retried with
 * its key.
 */
class StorageFailureTest {
  static TestDatabase db;
  static FaultProxy proxy;
  static TestGateway gw;
  final String token = TestTokens.user("u-" + UUID.randomUUID());
  final List<Sent> sent = new ArrayList<>();

  record Sent(UUID key, UUID id, String body, int status) {}

  @BeforeAll
  static void start() {
    db = TestDatabase.create(StorageFailureTest.class);
    proxy = db.proxy();
    gw = TestGateway.onUri(db.uriVia(proxy))
        .env("FOODLENS_PG_POOL_SIZE", "2")
        .env("FOODLENS_PG_CONNECT_TIMEOUT", "1s")
        .env("FOODLENS_PG_POOL_WAIT_TIMEOUT", "1s")
        .start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    proxy.close();
    db.close();
  }

  @AfterEach
  void everyFailedWriteAppliesOnceWhenRetried() throws Exception {
    proxy.mode(FaultProxy.Mode.PASS);
    onServer("ALTER DATABASE " + dbName() + " RESET default_transaction_read_only");
    terminateBackends();
    for (Sent s : sent) {
      if (s.status() / 100 != 2) {
        int retried = 0;
        for (int attempt = 0; attempt < 50 && retried / 100 != 2; attempt++) {
          retried = create(s).statusCode();
          if (retried / 100 != 2) {
            Thread.sleep(100);
          }
        }
        assertThat(retried).as("retry of %s", s.key()).isIn(200, 201);
      }
      assertThat(db.count("SELECT count(*) FROM history WHERE id = '" + s.id() + "'"))
          .as("entry %s", s.id()).isEqualTo(1);
    }
  }

  @Test
  void connectionCutAtAnyByte_is503_never500() {
    // from the startup message through Parse/Bind of the transaction's statements to its COMMIT
    for (int cut = 8; cut < 4_000; cut += 61) {
      proxy.cutRequestAfter(cut);
      sendOne();
    }
    assertThat(sent).extracting(Sent::status).contains(503);
  }

  @Test
  void backendsTerminatedUnderLoad_is503_never500() throws Exception {
    AtomicBoolean loading = new AtomicBoolean(true);
    Thread killer = new Thread(() -> {
      while (loading.get()) {
        try {
          terminateBackends();
          Thread.sleep(30);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }, "terminate-backends");
    killer.start();
    try {
      for (int i = 0; i < 120; i++) {
        sendOne();
      }
    } finally {
      loading.set(false);
      killer.join();
    }
    assertThat(sent).extracting(Sent::status).contains(503);
  }

  @Test
  void readOnlyDatabase_writesAre503_readsServe() throws Exception {
    Map<String, String> storage = Map.of("reason", "unavailable");
    double refusedBefore = gw.metric("foodlens_unavailable_responses_total", storage);
    onServer("ALTER DATABASE " + dbName() + " SET default_transaction_read_only = on");
    terminateBackends();
    for (int i = 0; i < 5; i++) {
      sendOne();
    }
    // the first may meet a connection the termination just closed; all are 503 either way
    assertThat(sent).extracting(Sent::status).containsOnly(503);
    assertThat(gw.metricReaching("foodlens_unavailable_responses_total", storage,
        refusedBefore + 5)).as("counted as storage, not overload or a pause")
        .isEqualTo(refusedBefore + 5);
    HttpResponse<Buffer> read = gw.get("/me/sync", token);
    assertThat(read.statusCode()).isEqualTo(200);
  }

  private void sendOne() {
    UUID id = UUID.randomUUID();
    String body = new JsonObject().put("id", id.toString())
        .put("scannedAt", "2026-11-24T10:00:00Z").put("verdict", "safe").encode();
    Sent s = new Sent(UUID.randomUUID(), id, body, 0);
    HttpResponse<Buffer> r = create(s);
    if (r.statusCode() == 503) {
      ErrorTableTest.assertProblem(r, 503, "unavailable");
      assertThat(r.getHeader("Retry-After")).isNotBlank();
    } else {
      assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 201);
    }
    sent.add(new Sent(s.key(), id, body, r.statusCode()));
  }

  private HttpResponse<Buffer> create(Sent s) {
    return gw.write(HttpMethod.POST, "/me/history", token, s.key(), s.body());
  }

  private static String dbName() {
    return db.connectOptions().getDatabase();
  }

  private static void terminateBackends() throws Exception {
    onServer("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
        + dbName() + "' AND pid <> pg_backend_pid()");
  }

  /** Runs SQL on the server's maintenance database, so a read-only test database cannot stop it. */
  private static void onServer(String sql) throws Exception {
    PgConnectOptions o = db.connectOptions();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":"
        + o.getPort() + "/postgres", o.getUser(), o.getPassword());
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
