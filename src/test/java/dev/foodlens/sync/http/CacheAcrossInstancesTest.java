package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database: a write through one invalidates the other's cached rendering
 * through LISTEN/NOTIFY, and a listener that lost its connection clears its cache on resubscribe.
 */
class CacheAcrossInstancesTest {
  static TestDatabase db;
  static TestGateway a;
  static TestGateway b;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(CacheAcrossInstancesTest.class);
    a = TestGateway.on(db).start();
    b = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    db.close();
  }

  private static String displayName(TestGateway gw, String token) {
    return gw.get("/me/profile", token).bodyAsJsonObject().getJsonObject("fields")
        .getString("displayName");
  }

  /** Polls for an asynchronous effect; fails with the last value seen after 10 s. */
  private static <T> T eventually(Supplier<T> read, T expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    T seen = read.get();
    while (!expected.equals(seen) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      seen = read.get();
    }
    return seen;
  }

  @Test
  void writeThroughOneInstance_invalidatesTheOthersCachedRead() throws Exception {
    String token = TestTokens.user("u-" + UUID.randomUUID());
    a.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"first\"}}");
    assertThat(displayName(b, token)).isEqualTo("first");
    a.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"second\"}}");
    assertThat(eventually(() -> displayName(b, token), "second")).isEqualTo("second");
  }

  @Test
  void lostListenerConnection_clearsTheCacheOnResubscribe() throws Exception {
    String token = TestTokens.user("u-" + UUID.randomUUID());
    a.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"before\"}}");
    assertThat(displayName(b, token)).isEqualTo("before");
    db.queryOne("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        + "WHERE datname = current_database() AND query LIKE 'LISTEN%'");
    a.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"after\"}}");
    assertThat(eventually(() -> displayName(b, token), "after")).isEqualTo("after");
  }
}
