package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.app.Gateway;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.store.WriteHooks;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import dev.foodlens.sync.testing.TwoGateways;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances on one database, the second one's clock an hour behind: per-field LWW
 * across devices, and a per-user clock that never goes backwards (design §2).
 */
class LwwAcrossInstancesTest {
  static final long ONE_HOUR_MICROS = 3_600_000_000L;
  static TwoGateways gateways;
  static TestGateway ahead;
  static TestGateway behind;

  @BeforeAll
  static void start() {
    gateways = TwoGateways.start(LwwAcrossInstancesTest.class, UnaryOperator.identity(),
        gw -> gw.seams(new Gateway.Seams(HybridClock.system().offsetBy(-ONE_HOUR_MICROS),
            Clock.systemUTC(), WriteHooks.NONE)));
    ahead = gateways.first();
    behind = gateways.second();
  }

  @AfterAll
  static void stop() {
    gateways.close();
  }

  private static HttpResponse<Buffer> patchFrom(TestGateway gw, String device, String token,
      String json) {
    return gw.writeRequest(HttpMethod.PATCH, "/me/profile", token, UUID.randomUUID())
        .putHeader("X-Device-Id", device).sendBuffer(Buffer.buffer(json)).await();
  }

  @Test
  void concurrentPatchesOfDifferentFields_fromTwoDevices_bothSurvive() {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    List<Future<HttpResponse<Buffer>>> writes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      writes.add(ahead.writeRequest(HttpMethod.PATCH, "/me/profile", token, UUID.randomUUID())
          .putHeader("X-Device-Id", "phone")
          .sendBuffer(Buffer.buffer("{\"fields\":{\"displayName\":\"Ana " + i + "\"}}")));
      writes.add(behind.writeRequest(HttpMethod.PATCH, "/me/profile", token, UUID.randomUUID())
          .putHeader("X-Device-Id", "tablet")
          .sendBuffer(Buffer.buffer("{\"fields\":{\"dietType\":\"vegan\",\"locale\":\"pt-BR\"}}")));
    }
    assertThat(Future.all(writes).await().list())
        .allSatisfy(r -> assertThat(((HttpResponse<?>) r).statusCode()).isEqualTo(200));
    JsonObject fields = behind.get("/me/profile", token).bodyAsJsonObject().getJsonObject("fields");
    assertThat(fields.getString("displayName")).startsWith("Ana ");
    assertThat(fields.getString("dietType")).isEqualTo("vegan");
    assertThat(fields.getString("locale")).isEqualTo("pt-BR");
    assertThat(gateways.db().count("SELECT version FROM users WHERE user_id = '" + user + "'"))
        .isEqualTo(60);
  }

  @Test
  void sameField_laterReceivedWins_evenFromTheLaggingInstance() {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    patchFrom(ahead, "phone", token, "{\"fields\":{\"displayName\":\"First\"}}");
    patchFrom(behind, "tablet", token, "{\"fields\":{\"displayName\":\"Second\"}}");
    assertThat(storedDisplayName(user)).isEqualTo("Second");
    assertThat(behind.get("/me/profile", token).bodyAsJsonObject().getJsonObject("fields")
        .getString("displayName")).isEqualTo("Second");
  }

  @Test
  void perUserClock_strictlyIncreases_acrossInstancesWithSkew() {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    long previous = 0;
    for (int i = 0; i < 30; i++) {
      TestGateway gw = i % 3 == 0 ? ahead : behind;
      patchFrom(gw, "d" + (i % 2), token, "{\"fields\":{\"displayName\":\"v" + i + "\"}}");
      long hlc = gateways.db().count("SELECT hlc FROM users WHERE user_id = '" + user + "'");
      assertThat(hlc).as("write %d", i).isGreaterThan(previous);
      assertThat(gateways.db().count("SELECT ts FROM lww_fields WHERE user_id = '" + user
          + "' AND field = 'displayName'")).isEqualTo(hlc);
      previous = hlc;
    }
    assertThat(storedDisplayName(user)).isEqualTo("v29");
  }

  /**
   * The truth in Postgres. Another instance's cached rendering is invalidated asynchronously
   * (CrossInstanceConsistencyTest), so these tests read the winner from the database or from the
   * instance that wrote last.
   */
  private static String storedDisplayName(String user) {
    return (String) gateways.db().queryOne("SELECT value #>> '{}' FROM lww_fields"
        + " WHERE user_id = '" + user + "' AND field = 'displayName'");
  }
}
