package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.model.Checkpoint;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /me/sync} (contract §5): snapshot, deltas, paging, retention. */
class SyncPullTest {
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(SyncPullTest.class);
    gw = TestGateway.on(db).env("FOODLENS_FEED_RETENTION", "1s")
        .env("FOODLENS_FEED_PRUNE_INTERVAL", "200ms").start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  private static JsonObject pull(String token, String query) {
    HttpResponse<Buffer> r = gw.get("/me/sync" + query, token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  void pull_newUser_emptySnapshot() {
    JsonObject page = pull(TestTokens.user("u-" + UUID.randomUUID()), "");
    assertThat(page.getJsonArray("changes")).isEmpty();
    assertThat(page.getBoolean("hasMore")).isFalse();
    assertThat(page.getBoolean("writesPaused")).isFalse();
    assertThat(page.getString("checkpoint")).isEqualTo(Checkpoint.after(0).encode());
  }

  @Test
  void snapshot_holdsOnlyEachKeysLatestState_deltaHoldsEveryChange() {
    String token = TestTokens.user("u-" + UUID.randomUUID());
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"A\",\"locale\":\"pt-BR\"}}");
    String afterFirst = pull(token, "").getString("checkpoint");
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"B\"}}");
    gw.patch("/me/settings", token, "{\"fields\":{\"units\":\"imperial\"}}");
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"C\"}}");

    JsonArray snapshot = pull(token, "").getJsonArray("changes");
    assertThat(snapshot).hasSize(3);
    assertThat(snapshot.getJsonObject(0)).isEqualTo(new JsonObject()
        .put("entity", "profile").put("field", "locale").put("value", "pt-BR").put("version", 2));
    assertThat(snapshot.getJsonObject(2).getString("value")).isEqualTo("C");

    JsonArray delta = pull(token, "?since=" + afterFirst).getJsonArray("changes");
    assertThat(delta.stream().map(c -> ((JsonObject) c).getValue("value")))
        .containsExactly("B", "imperial", "C");
    assertThat(delta.stream().map(c -> ((JsonObject) c).getLong("version")))
        .containsExactly(3L, 4L, 5L);
  }

  @Test
  void paging_withAnyLimit_deliversEachChangeOnce_inVersionOrder() {
    String token = TestTokens.user("u-" + UUID.randomUUID());
    for (int i = 0; i < 7; i++) {
      gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"n" + i + "\"}}");
      gw.patch("/me/settings", token, "{\"fields\":{\"theme\":\"" + (i % 2 == 0 ? "dark"
          : "light") + "\",\"strictMode\":" + (i % 2 == 0) + "}}");
    }
    for (int limit = 1; limit <= 4; limit++) {
      List<Long> versions = new ArrayList<>();
      String checkpoint = Checkpoint.after(0).encode();
      boolean more = true;
      while (more) {
        JsonObject page = pull(token, "?since=" + checkpoint + "&limit=" + limit);
        page.getJsonArray("changes")
            .forEach(c -> versions.add(((JsonObject) c).getLong("version")));
        checkpoint = page.getString("checkpoint");
        more = page.getBoolean("hasMore");
      }
      assertThat(versions).as("limit %d", limit).hasSize(21).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void bootstrapPages_withSmallLimit_endAtTheLatestState() {
    String token = TestTokens.user("u-" + UUID.randomUUID());
    for (int i = 0; i < 5; i++) {
      gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"n" + i + "\"}}");
    }
    gw.patch("/me/settings", token, "{\"fields\":{\"units\":\"imperial\"}}");
    JsonObject first = pull(token, "?limit=1");
    assertThat(first.getBoolean("hasMore")).isTrue();
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"late\"}}");
    JsonObject state = new JsonObject();
    JsonObject page = first;
    while (true) {
      page.getJsonArray("changes").forEach(c -> state.put(((JsonObject) c).getString("field"),
          ((JsonObject) c).getValue("value")));
      if (!page.getBoolean("hasMore")) {
        break;
      }
      page = pull(token, "?limit=1&since=" + page.getString("checkpoint"));
    }
    assertThat(state).isEqualTo(new JsonObject().put("displayName", "late")
        .put("units", "imperial"));
  }

  @Test
  void prunedCheckpoint_gets410_andBootstrapStillWorks() throws Exception {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    gw.patch("/me/settings", token, "{\"fields\":{\"units\":\"imperial\"}}");
    String stale = pull(token, "").getString("checkpoint");
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"old\"}}");
    String seenOld = pull(token, "").getString("checkpoint");
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"new\"}}");
    long deadline = System.currentTimeMillis() + 15_000;
    while (db.count("SELECT feed_floor FROM users WHERE user_id = '" + user + "'") == 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    ErrorTableTest.assertProblem(gw.get("/me/sync?since=" + stale, token), 410,
        "checkpoint-expired");
    assertThat(pull(token, "?since=" + seenOld).getJsonArray("changes"))
        .as("a client that saw the pruned change has missed nothing").hasSize(1);
    JsonArray snapshot = pull(token, "").getJsonArray("changes");
    assertThat(snapshot).hasSize(2);
    assertThat(snapshot.getJsonObject(1).getString("value")).isEqualTo("new");
  }

  @Test
  void checkpointAheadOfTheFeed_gets410() {
    String token = TestTokens.user("u-" + UUID.randomUUID());
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"x\"}}");
    ErrorTableTest.assertProblem(gw.get("/me/sync?since=" + Checkpoint.after(99).encode(), token),
        410, "checkpoint-expired");
  }

  @Test
  void badSinceOrLimit_422() {
    String token = TestTokens.user("u-" + UUID.randomUUID());
    for (String query : List.of("?since=garbage", "?limit=0", "?limit=1001", "?limit=x",
        "?since=" + Checkpoint.after(0).encode().substring(1))) {
      ErrorTableTest.assertProblem(gw.get("/me/sync" + query, token), 422, "validation-failed");
    }
  }

  @Test
  void feeds_arePerUser() {
    String alice = TestTokens.user("alice-" + UUID.randomUUID());
    gw.patch("/me/profile", alice, "{\"fields\":{\"displayName\":\"Alice\"}}");
    assertThat(pull(TestTokens.user("bob-" + UUID.randomUUID()), "").getJsonArray("changes"))
        .isEmpty();
  }
}
