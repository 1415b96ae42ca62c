package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestCluster;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 acceptance 2: a real Postgres server restarts ({@code pg_ctlcluster ... restart}) under a
 * steady write load. The server is a cluster of this test's own on a free port ({@link
 * TestCluster}), never the machine's shared one. No request hangs past its timeout; every write
 * answered 2xx is in the database afterwards; every other one is absent or applies exactly once
 * when retried with its key; the gateway serves again within 5 s of Postgres.
 */
class PostgresRestartTest {
  static final long REQUEST_TIMEOUT_MS = 3_000;
  static TestCluster cluster;
  static TestDatabase db;
  static TestGateway gw;
  /** When Postgres answered again after the restart (epoch millis); 0 until then. */
  static volatile long postgresBack;
  static volatile Throwable restartFailure;

  @BeforeAll
  static void start() {
    cluster = TestCluster.create(PostgresRestartTest.class);
    db = TestDatabase.create(PostgresRestartTest.class, cluster.serverUri());
    gw = TestGateway.on(db)
        .env("FOODLENS_HTTP_REQUEST_TIMEOUT", REQUEST_TIMEOUT_MS + "ms")
        .env("FOODLENS_PG_CONNECT_TIMEOUT", "1s")
        .env("FOODLENS_PG_POOL_WAIT_TIMEOUT", "1s")
        .start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
    cluster.close();
  }

  record Sent(UUID key, UUID entryId, String body, int status, long millis) {}

  @Test
  void restartUnderLoad_losesNothing_doublesNothing_recoversWithinFiveSeconds() throws Exception {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    List<Sent> sent = new ArrayList<>();
    long loadEnds = System.currentTimeMillis() + 60_000;
    Long servingAgain = null;
    Thread restart = new Thread(PostgresRestartTest::restartPostgres, "pg-restart");
    restart.setUncaughtExceptionHandler((t, e) -> restartFailure = e);
    for (int round = 0; System.currentTimeMillis() < loadEnds; round++) {
      if (round == 20) {
        restart.start();
      }
      long sentAt = System.currentTimeMillis();
      List<Sent> batch = sendFour(token);
      sent.addAll(batch);
      if (postgresBack > 0 && sentAt >= postgresBack && servingAgain == null
          && batch.stream().anyMatch(s -> s.status() / 100 == 2)) {
        servingAgain = System.currentTimeMillis();
        loadEnds = Math.min(loadEnds, servingAgain + 2_000);
      }
    }
    restart.join();
    assertThat(restartFailure).as("pg_ctlcluster restart").isNull();
    assertThat(servingAgain).as("the gateway served again").isNotNull();
    System.out.printf("served again %d ms after Postgres; %d writes, %d failed%n",
        servingAgain - postgresBack, sent.size(),
        sent.stream().filter(s -> s.status() / 100 != 2).count());
    assertThat(servingAgain - postgresBack).isLessThanOrEqualTo(5_000);
    assertThat(sent).allSatisfy(s -> assertThat(s.millis())
        .as("no request hangs past its timeout").isLessThan(REQUEST_TIMEOUT_MS + 2_000));
    assertThat(sent.stream().filter(s -> s.status() / 100 != 2)).as("the restart was felt")
        .isNotEmpty();
    for (Sent s : sent) {
      if (s.status() / 100 != 2) {
        HttpResponse<Buffer> retry = gw.write(HttpMethod.POST, "/me/history", token, s.key(),
            s.body());
        assertThat(retry.statusCode()).as("retry of %s", s.key()).isIn(200, 201);
      }
      assertThat(db.count("SELECT count(*) FROM history WHERE user_id = '" + user
          + "' AND id = '" + s.entryId() + "'")).as("entry %s", s.entryId()).isEqualTo(1);
    }
    assertThat(db.count("SELECT count(*) FROM history WHERE user_id = '" + user + "'"))
        .isEqualTo(sent.size());
  }

  /** Four concurrent creates, each with its own key and entry id; waits for all answers. */
  private static List<Sent> sendFour(String token) {
    List<Future<Sent>> inFlight = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      UUID key = UUID.randomUUID();
      UUID id = UUID.randomUUID();
      String body = new JsonObject().put("id", id.toString())
          .put("scannedAt", "2026-11-24T10:00:00Z").put("verdict", "safe").encode();
      long started = System.nanoTime();
      inFlight.add(gw.writeRequest(HttpMethod.POST, "/me/history", token, key)
          .sendBuffer(Buffer.buffer(body))
          .map(r -> r.statusCode())
          .otherwise(e -> 0)
          .map(status -> new Sent(key, id, body, status,
              (System.nanoTime() - started) / 1_000_000)));
    }
    return Future.all(inFlight).await().list();
  }

  private static void restartPostgres() {
    cluster.restart();
    postgresBack = System.currentTimeMillis();
  }
}
