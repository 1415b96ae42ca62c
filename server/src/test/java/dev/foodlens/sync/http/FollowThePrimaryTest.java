package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestCluster;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
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
 * A host list with {@code target_session_attrs=read-write} (contract §8): the gateway writes to the
 * primary, never to the standby listed first; when the primary crashes and the standby is
 * promoted ({@code pg_ctlcluster promote}), the same gateway, not restarted, writes to the new
 * primary. Every write it acknowledged is there (synchronous replication), and every write it
 * refused applies exactly once when retried with its key. Both clusters are this test's own.
 */
class FollowThePrimaryTest {
  static TestCluster primary;
  static TestCluster standby;
  static TestDatabase db;
  static TestGateway gw;

  record Sent(UUID key, UUID id, String body, int status) {}

  @BeforeAll
  static void start() {
    primary = TestCluster.create(FollowThePrimaryTest.class);
    db = TestDatabase.create(FollowThePrimaryTest.class, primary.serverUri());
    standby = TestCluster.standbyOf(primary, FollowThePrimaryTest.class);
    String database = db.connectOptions().getDatabase();
    // the standby first: a round-robin or first-host client would send writes there
    gw = TestGateway.onUri("postgresql://postgres@127.0.0.1:" + standby.port() + ",127.0.0.1:"
            + primary.port() + "/" + database + "?target_session_attrs=read-write")
        .env("FOODLENS_PG_CONNECT_TIMEOUT", "1s")
        .env("FOODLENS_PG_POOL_WAIT_TIMEOUT", "1s")
        .start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    standby.close();
    primary.close();
  }

  @Test
  void writesGoToThePrimary_andFollowAPromotion_withoutARestart() throws Exception {
    String token = TestTokens.user("u-" + UUID.randomUUID());
    List<Sent> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(send(token));
    }
    assertThat(sent).extracting(Sent::status).containsOnly(201);

    primary.crash();
    long crashed = System.currentTimeMillis();
    for (int i = 0; i < 5; i++) {
      sent.add(send(token));
    }
    assertThat(sent.subList(20, 25)).extracting(Sent::status).containsOnly(503);

    standby.promote();
    long promoted = System.currentTimeMillis();
    Long servedAgain = null;
    while (System.currentTimeMillis() - promoted < 20_000) {
      Sent s = send(token);
      sent.add(s);
      if (s.status() == 201) {
        servedAgain = System.currentTimeMillis();
        break;
      }
      Thread.sleep(100);
    }
    assertThat(servedAgain).as("the gateway wrote to the new primary").isNotNull();
    System.out.printf("crash to promotion %d ms; promotion to first 2xx %d ms%n",
        promoted - crashed, servedAgain - promoted);
    assertThat(servedAgain - promoted).isLessThanOrEqualTo(5_000);

    for (Sent s : sent) {
      if (s.status() != 201) {
        assertThat(create(token, s).statusCode()).as("retry of %s", s.key()).isIn(200, 201);
      }
    }
    TestDatabase onNew =
        TestDatabase.attach(standby.serverUri(), db.connectOptions().getDatabase());
    for (Sent s : sent) {
      assertThat(onNew.count("SELECT count(*) FROM history WHERE id = '" + s.id() + "'"))
          .as("entry %s on the new primary", s.id()).isEqualTo(1);
    }
  }

  private static Sent send(String token) {
    UUID id = UUID.randomUUID();
    String body = new JsonObject().put("id", id.toString())
        .put("scannedAt", "2026-11-24T10:00:00Z").put("verdict", "safe").encode();
    Sent s = new Sent(UUID.randomUUID(), id, body, 0);
    return new Sent(s.key(), id, body, create(token, s).statusCode());
  }

  private static HttpResponse<Buffer> create(String token, Sent s) {
    return gw.write(HttpMethod.POST, "/me/history", token, s.key(), s.body());
  }
}
