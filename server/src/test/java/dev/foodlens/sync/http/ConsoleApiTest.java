package dev.foodlens.sync.http;

import static dev.foodlens.sync.http.ErrorTableTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's routes (issue 18) over HTTP: its files with their CSP, the rollout figures, one
 * user's timeline, and toggle changes audited in the transaction that makes them.
 */
class ConsoleApiTest {
  static TestDatabase db;
  static TestGateway gw;
  static final String ADMIN_SUB = "ops-" + UUID.randomUUID();
  static final String ADMIN = TestTokens.admin(ADMIN_SUB);

  @BeforeAll
  static void start() {
    db = TestDatabase.create(ConsoleApiTest.class);
    gw = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  @Test
  void consoleFiles_areServedWithoutToken_underAStrictCsp() {
    HttpResponse<Buffer> page = anon("/admin/console");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.getHeader("Content-Security-Policy")).isEqualTo(ConsoleRoutes.CSP)
        .contains("default-src 'none'").contains("script-src 'self'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.bodyAsString()).contains("/admin/console/console.js")
        .doesNotContain("<script>").doesNotContain("style=");
    HttpResponse<Buffer> script = anon("/admin/console/console.js");
    assertThat(script.getHeader("Content-Type")).startsWith("text/javascript");
    assertThat(script.getHeader("Content-Security-Policy")).isEqualTo(ConsoleRoutes.CSP);
    assertThat(script.bodyAsString()).doesNotContain("localStorage")
        .doesNotContain("sessionStorage").doesNotContain("document.cookie")
        .doesNotContain("innerHTML");
    assertProblem(anon("/admin/console/..%2Fapp.jar"), 404, "not-found");
    assertProblem(anon("/admin/console/nothing.js"), 404, "not-found");
  }

  @Test
  void consoleData_isAdminOnly() {
    String user = TestTokens.user("u-" + UUID.randomUUID());
    assertProblem(gw.get("/admin/rollout", user), 403, "forbidden");
    assertProblem(gw.get("/admin/toggles/changes", user), 403, "forbidden");
    assertProblem(gw.get("/admin/users/someone/timeline", user), 403, "forbidden");
    assertProblem(anon("/admin/rollout"), 401, "unauthorized");
    assertProblem(gw.get("/admin/users/nobody-" + UUID.randomUUID() + "/timeline", ADMIN),
        404, "not-found");
    assertProblem(gw.get("/admin/users/someone/timeline?limit=0", ADMIN), 422,
        "validation-failed");
    assertProblem(gw.get("/admin/toggles/changes?before=x", ADMIN), 422, "validation-failed");
  }

  @Test
  void rollout_countsEntitiesRefusalsImportsAndQueues() {
    JsonObject before = gw.get("/admin/rollout", ADMIN).bodyAsJsonObject();
    ConsoleScenario.run(gw);
    JsonObject after = gw.get("/admin/rollout", ADMIN).bodyAsJsonObject();

    Map<String, JsonObject> was = entities(before);
    Map<String, JsonObject> now = entities(after);
    assertThat(now.keySet()).containsExactly("profile", "settings", "allergies", "history");
    assertThat(delta(was, now, "profile", "refusedLast15Minutes")).isEqualTo(1);
    assertThat(delta(was, now, "profile", "refusedLastHour")).isEqualTo(1);
    assertThat(delta(was, now, "allergies", "refusedLastHour")).isZero();
    assertThat(delta(was, now, "settings", "imported")).isEqualTo(1);
    assertThat(delta(was, now, "allergies", "imported")).isEqualTo(1);
    assertThat(delta(was, now, "history", "invalid")).isEqualTo(1);
    assertThat(delta(was, now, "history", "skipped")).isEqualTo(1);
    assertThat(delta(was, now, "profile", "usersWithServerData")).isEqualTo(1);
    assertThat(after.getJsonObject("refusedElsewhere").getInteger("push", 0)
        - before.getJsonObject("refusedElsewhere").getInteger("push", 0)).isEqualTo(1);

    // Device stats land after the push answers: wait for both devices' reports.
    JsonObject queues = eventually(() -> gw.get("/admin/rollout", ADMIN).bodyAsJsonObject(),
        r -> sum(r.getJsonArray("queueDepth")) - sum(before.getJsonArray("queueDepth")) == 2);
    assertThat(bucket(queues.getJsonArray("queueDepth"), "1-9")
        - bucket(before.getJsonArray("queueDepth"), "1-9")).isEqualTo(1);
    assertThat(bucket(queues.getJsonArray("queueDepth"), "10-99")
        - bucket(before.getJsonArray("queueDepth"), "10-99")).isEqualTo(1);
    assertThat(bucket(queues.getJsonArray("oldestPending"), "under 1 min")
        - bucket(before.getJsonArray("oldestPending"), "under 1 min")).isEqualTo(1);
    assertThat(bucket(queues.getJsonArray("oldestPending"), "10-60 min")
        - bucket(before.getJsonArray("oldestPending"), "10-60 min")).isEqualTo(1);
  }

  @Test
  void timeline_showsDevicesVerdictsStampsAndTheConflict() {
    ConsoleScenario s = ConsoleScenario.run(gw);
    HttpResponse<Buffer> r = gw.get("/admin/users/" + s.user() + "/timeline", ADMIN);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject timeline = r.bodyAsJsonObject();
    assertThat(timeline.getString("userId")).isEqualTo(s.user());
    Map<String, JsonObject> ops = timeline.getJsonArray("ops").stream()
        .map(JsonObject.class::cast)
        .collect(Collectors.toMap(o -> o.getString("opId"), Function.identity()));

    JsonObject add = ops.get(s.addOp().toString());
    assertThat(add.getString("deviceId")).isEqualTo(ConsoleScenario.PHONE);
    assertThat(add.getString("entity")).isEqualTo("allergies");
    assertThat(add.getString("verdict")).isEqualTo("applied");
    JsonObject remove = ops.get(s.removeOp().toString());
    assertThat(remove.getString("deviceId")).isEqualTo(ConsoleScenario.TABLET);
    assertThat(remove.getString("verdict")).isEqualTo("conflict");
    assertThat(remove.getJsonObject("allergy").getJsonObject("stamp").getString("deviceId"))
        .isEqualTo(ConsoleScenario.TABLET);
    JsonObject conflict = remove.getJsonArray("conflicts").getJsonObject(0);
    assertThat(conflict.getString("allergen")).isEqualTo("peanut");
    assertThat(conflict.getString("state")).isEqualTo("open");
    assertThat(add.getJsonArray("conflicts").getJsonObject(0).getString("id"))
        .isEqualTo(conflict.getString("id"));

    JsonObject lost = ops.get(s.phoneRename().toString());
    assertThat(lost.getString("entity")).isEqualTo("profile");
    JsonObject field = lost.getJsonArray("fields").getJsonObject(0);
    assertThat(field.getString("field")).isEqualTo("displayName");
    assertThat(field.getBoolean("won")).isFalse();
    assertThat(field.getJsonObject("decidedBy").getString("opId"))
        .isEqualTo(s.tabletRename().toString());
    assertThat(field.getJsonObject("decidedBy").getString("deviceId"))
        .isEqualTo(ConsoleScenario.TABLET);
    JsonObject won = ops.get(s.tabletRename().toString());
    assertThat(won.getString("deviceId")).isEqualTo(ConsoleScenario.TABLET);
    assertThat(won.getJsonArray("fields").getJsonObject(0).getBoolean("won")).isTrue();

    JsonObject refused = ops.get(s.refusedOp().toString());
    assertThat(refused.getString("verdict")).isEqualTo("refused");
    assertThat(refused.getInteger("status")).isEqualTo(422);
    assertThat(refused.getJsonObject("problem").getString("type")).endsWith("validation-failed");
    assertThat(refused.getString("entity")).isEqualTo("push");
    assertThat(refused.getString("deviceId")).isNull();
    assertThat(ops.get(s.migrateOp().toString()).getString("entity")).isEqualTo("migration");
    assertThat(r.bodyAsString()).doesNotContain("Bearer").doesNotContain("eyJ");

    // Resolving it shows who closed it, and how; a scan's op shows its entity and device.
    String token = TestTokens.user(s.user());
    JsonObject scan = PushClient.createHistory(UUID.randomUUID(), "2026-11-24T10:00:00Z");
    assertThat(new PushClient(gw, token, ConsoleScenario.TABLET).push(new JsonArray().add(scan))
        .statusCode()).isEqualTo(200);
    UUID resolveOp = UUID.randomUUID();
    new PushClient(gw, token, ConsoleScenario.PHONE).push(new JsonArray().add(
        PushClient.op(resolveOp, "conflict", "resolve", conflict.getString("id"),
            new JsonObject().put("decision", "keep"))));
    Map<String, JsonObject> later = gw.get("/admin/users/" + s.user() + "/timeline", ADMIN)
        .bodyAsJsonObject().getJsonArray("ops").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(o -> o.getString("opId"), Function.identity()));
    assertThat(later.get(scan.getString("opId")).getString("entity")).isEqualTo("history");
    assertThat(later.get(scan.getString("opId")).getString("deviceId"))
        .isEqualTo(ConsoleScenario.TABLET);
    JsonObject resolved = later.get(s.removeOp().toString()).getJsonArray("conflicts")
        .getJsonObject(0);
    assertThat(resolved.getString("state")).isEqualTo("resolved");
    assertThat(resolved.getString("decision")).isEqualTo("keep");
    assertThat(resolved.getJsonObject("resolvedBy").getString("opId"))
        .isEqualTo(resolveOp.toString());
    assertThat(resolved.getJsonObject("resolvedBy").getString("deviceId"))
        .isEqualTo(ConsoleScenario.PHONE);
  }

  @Test
  void toggleChange_isAuditedOnce_withWhoWhenFromTo() {
    long audited = db.count("SELECT count(*) FROM toggle_changes");
    UUID key = UUID.randomUUID();
    for (int i = 0; i < 2; i++) {
      assertThat(gw.write(HttpMethod.PUT, "/admin/toggles", ADMIN, key,
          "{\"writesPaused.history\":true}").statusCode()).isEqualTo(200);
    }
    assertProblem(gw.write(HttpMethod.PUT, "/admin/toggles", ADMIN, UUID.randomUUID(),
        "{\"writesPaused.history\":false,\"noSuchToggle\":true}"), 422, "validation-failed");
    assertThat(db.count("SELECT count(*) FROM toggle_changes")).isEqualTo(audited + 1);

    assertThat(gw.write(HttpMethod.PUT, "/admin/toggles", TestTokens.admin("second-admin"),
        UUID.randomUUID(), "{\"writesPaused.history\":false}").statusCode()).isEqualTo(200);
    JsonArray changes = gw.get("/admin/toggles/changes?limit=2", ADMIN).bodyAsJsonObject()
        .getJsonArray("changes");
    assertThat(changes).hasSize(2);
    JsonObject latest = changes.getJsonObject(0);
    JsonObject earlier = changes.getJsonObject(1);
    assertThat(List.of(latest.getString("name"), latest.getBoolean("from"),
        latest.getBoolean("to"), latest.getString("changedBy")))
        .containsExactly("writesPaused.history", true, false, "second-admin");
    assertThat(List.of(earlier.getString("name"), earlier.getBoolean("from"),
        earlier.getBoolean("to"), earlier.getString("changedBy")))
        .containsExactly("writesPaused.history", false, true, ADMIN_SUB);
    assertThat(latest.getLong("revision")).isGreaterThan(earlier.getLong("revision"));
    assertThat(latest.getString("changedAt")).endsWith("Z");
    JsonArray older = gw.get("/admin/toggles/changes?before=" + latest.getLong("revision"),
        ADMIN).bodyAsJsonObject().getJsonArray("changes");
    assertThat(older.getJsonObject(0).getLong("revision"))
        .isEqualTo(earlier.getLong("revision"));
  }

  private static HttpResponse<Buffer> anon(String path) {
    return gw.request(HttpMethod.GET, path).send().await();
  }

  private static Map<String, JsonObject> entities(JsonObject rollout) {
    return rollout.getJsonArray("entities").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(e -> e.getString("entity"), Function.identity(),
            (a, b) -> a, java.util.LinkedHashMap::new));
  }

  private static long delta(Map<String, JsonObject> was, Map<String, JsonObject> now,
      String entity, String figure) {
    return now.get(entity).getLong(figure) - was.get(entity).getLong(figure);
  }

  private static long sum(JsonArray buckets) {
    return buckets.stream().mapToLong(b -> ((JsonObject) b).getLong("devices")).sum();
  }

  private static long bucket(JsonArray buckets, String label) {
    return buckets.stream().map(JsonObject.class::cast)
        .filter(b -> b.getString("bucket").equals(label)).findFirst().orElseThrow()
        .getLong("devices");
  }

  private static JsonObject eventually(java.util.function.Supplier<JsonObject> read,
      java.util.function.Predicate<JsonObject> done) {
    long deadline = System.currentTimeMillis() + 10_000;
    JsonObject last = read.get();
    while (!done.test(last) && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      last = read.get();
    }
    return last;
  }
}
