package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/users/{userId}/verify} and {@code GET /admin/verify}: the verify command's
 * checks through the API. Clean after real writes; an invariant broken in the database shows up
 * for that user, in the one-user form and in the paged walk of every user; admin only. The
 * gateway replays every allergy log on a worker ({@code limits.inlineWork} 0), the path a long
 * log takes.
 */
class VerifyRouteTest {
  static TestDatabase db;
  static TestGateway gw;
  static final String ADMIN = TestTokens.admin("ops");

  @BeforeAll
  static void start() {
    db = TestDatabase.create(VerifyRouteTest.class);
    gw = TestGateway.on(db).env("FOODLENS_LIMITS_INLINE_WORK", "0").start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  /** A user with a profile field, a history entry and an allergy added then removed. */
  private static String workload() {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    assertThat(gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"Ana\"}}")
        .statusCode()).isEqualTo(200);
    assertThat(gw.write(HttpMethod.POST, "/me/history", token, UUID.randomUUID(),
        new JsonObject().put("id", UUID.randomUUID().toString())
            .put("scannedAt", "2026-11-24T10:00:00Z").put("verdict", "safe").encode())
        .statusCode()).isEqualTo(201);
    assertThat(gw.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
        "{\"allergen\":\"sesame\",\"severity\":\"mild\"}").statusCode()).isEqualTo(200);
    assertThat(gw.write(HttpMethod.DELETE, "/me/allergies/sesame", token, UUID.randomUUID(), "")
        .statusCode()).isEqualTo(200);
    return user;
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static JsonArray userViolations(String user) {
    JsonObject body = ok(gw.get("/admin/users/" + user + "/verify", ADMIN));
    assertThat(body.getString("userId")).isEqualTo(user);
    return body.getJsonArray("violations");
  }

  /** Every page from the first, {@code limit} users each; answers every violation seen. */
  private static List<JsonObject> walk(int limit, List<Integer> pageSizes) {
    List<JsonObject> found = new ArrayList<>();
    String after = null;
    do {
      JsonObject page = ok(gw.get("/admin/verify?limit=" + limit
          + (after == null ? "" : "&after=" + after), ADMIN));
      pageSizes.add(page.getInteger("checkedUsers"));
      page.getJsonArray("violations").forEach(v -> found.add((JsonObject) v));
      after = page.getString("next");
    } while (after != null);
    return found;
  }

  @Test
  void aCleanUser_hasNoViolations() {
    assertThat(userViolations(workload())).isEmpty();
  }

  @Test
  void aBrokenInvariant_isSeenThroughBothForms_forThatUserOnly() {
    String clean = workload();
    String broken = workload();
    db.queryOne("UPDATE allergy_tags SET removed_version = NULL WHERE user_id = '" + broken
        + "'");
    db.queryOne("DELETE FROM changes WHERE user_id = '" + broken + "' AND version = 2");

    JsonArray one = userViolations(broken);
    assertThat(one.stream().map(v -> ((JsonObject) v).getString("invariant")).distinct())
        .contains("feed-contiguous", "allergy-replay");
    assertThat(one.stream().map(v -> ((JsonObject) v).getString("userId")).distinct())
        .containsExactly(broken);
    assertThat(userViolations(clean)).isEmpty();

    List<Integer> sizes = new ArrayList<>();
    List<JsonObject> all = walk(1, sizes);
    assertThat(all).extracting(v -> v.getString("userId")).contains(broken)
        .doesNotContain(clean);
    assertThat(all).extracting(v -> v.getString("invariant"))
        .contains("feed-contiguous", "allergy-replay");
    long users = db.count("SELECT count(*) FROM users");
    // one user per page: every user checked exactly once, the walk ends by itself
    assertThat(sizes).hasSize((int) users).containsOnly(1);
  }

  @Test
  void theWalk_coversEveryUserOnce_inBoundedPages() {
    for (int i = 0; i < 5; i++) {
      workload();
    }
    long users = db.count("SELECT count(*) FROM users");
    List<Integer> sizes = new ArrayList<>();
    walk(2, sizes);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo((int) users);
    assertThat(sizes).allMatch(n -> n <= 2);
    assertThat(ok(gw.get("/admin/verify", ADMIN)).getInteger("checkedUsers"))
        .isEqualTo((int) Math.min(users, VerifyRoutes.MAX_PAGE));
  }

  @Test
  void aUserToken_isForbidden_andBadParameters_are422() {
    String user = workload();
    String token = TestTokens.user(user);
    assertThat(gw.get("/admin/users/" + user + "/verify", token).statusCode()).isEqualTo(403);
    assertThat(gw.get("/admin/verify", token).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> zero = gw.get("/admin/verify?limit=0", ADMIN);
    assertThat(zero.statusCode()).isEqualTo(422);
    assertThat(zero.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(zero.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0)
        .getString("field")).isEqualTo("limit");
    assertThat(gw.get("/admin/verify?limit=" + (VerifyRoutes.MAX_PAGE + 1), ADMIN)
        .statusCode()).isEqualTo(422);
    assertThat(gw.get("/admin/verify?after=", ADMIN).statusCode()).isEqualTo(422);
    assertThat(gw.get("/admin/users/" + "x".repeat(129) + "/verify", ADMIN).statusCode())
        .isEqualTo(404);
  }
}
