package dev.foodlens.sync.http;

import static dev.foodlens.sync.http.ErrorTableTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** History writes over REST (contract §4): create, patch, delete, the ledger and the feed. */
class HistoryApiTest {
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(HistoryApiTest.class);
    gw = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  private final String sub = "h-" + UUID.randomUUID();
  private final HistoryClient me = new HistoryClient(gw, TestTokens.user(sub));

  @Test
  void create_newId_201WithTheNormalisedEntry() {
    UUID id = UUID.randomUUID();
    HttpResponse<Buffer> r = me.create(new JsonObject().put("id", id.toString().toUpperCase())
        .put("scannedAt", "2026-11-24T10:00:00Z").put("verdict", "safe")
        .put("allergensDetected", new JsonArray().add(" Peanut ").add("peanut").add("SESAME")));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.bodyAsString()).isEqualTo("{\"id\":\"" + id + "\",\"scannedAt\":"
        + "\"2026-11-24T10:00:00.000000Z\",\"barcode\":null,\"productName\":null,\"verdict\":"
        + "\"safe\",\"allergensDetected\":[\"peanut\",\"sesame\"],\"note\":null}");
  }

  @Test
  void create_sameIdSameContentNewKey_200WithTheCurrentEntry() {
    UUID id = UUID.randomUUID();
    JsonObject body = HistoryClient.entry(id, "2026-11-24T10:00:00.123456Z");
    me.create(body);
    me.patch(id, "d1", "{\"note\":\"edited\"}");
    JsonObject respelled = body.copy().put("scannedAt", "2026-11-24T10:00:00.123456000+00:00")
        .put("allergensDetected", new JsonArray().add("PEANUT"));
    HttpResponse<Buffer> again = me.create(respelled);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("note")).isEqualTo("edited");
    assertThat(feedRows()).isEqualTo(2);
  }

  @Test
  void create_sameIdDifferentContent_422OnId() {
    UUID id = UUID.randomUUID();
    me.create(HistoryClient.entry(id, "2026-11-24T10:00:00Z"));
    HttpResponse<Buffer> r = me.create(HistoryClient.entry(id, "2026-11-24T10:00:00Z")
        .put("verdict", "safe"));
    assertProblem(r, 422, "validation-failed");
    assertThat(fields(r)).containsExactly("id");
    assertThat(me.list("").bodyAsJsonObject().getJsonArray("items").getJsonObject(0)
        .getString("verdict")).isEqualTo("unsafe");
  }

  @Test
  void create_replayOfTheSameKey_byteIdenticalAndAppliedOnce() {
    UUID key = UUID.randomUUID();
    JsonObject body = HistoryClient.entry(UUID.randomUUID(), "2026-11-24T10:00:00Z");
    HttpResponse<Buffer> first = me.create(key, body);
    HttpResponse<Buffer> replay = me.create(key, body);
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.body().getBytes()).isEqualTo(first.body().getBytes());
    assertThat(feedRows()).isEqualTo(1);
    assertProblem(me.create(key, body.put("note", "other")), 422, "idempotency-key-reused");
  }

  @Test
  void patch_laterWriteOfAFieldWins() {
    UUID id = created();
    me.patch(id, "d1", "{\"note\":\"first\",\"verdict\":\"caution\"}");
    HttpResponse<Buffer> r = me.patch(id, "d2", "{\"note\":\"second\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("note")).isEqualTo("second");
    assertThat(r.bodyAsJsonObject().getString("verdict")).isEqualTo("caution");
    assertThat(me.patch(id, "d1", "{\"note\":null}").bodyAsJsonObject().getString("note"))
        .isNull();
  }

  @Test
  void patch_twoDevicesDifferentFields_bothSurviveWithTheirStamps() {
    UUID id = created();
    me.patch(id, "d1", "{\"note\":\"from d1\"}");
    HttpResponse<Buffer> r = me.patch(id, "d2", "{\"verdict\":\"safe\"}");
    assertThat(r.bodyAsJsonObject().getString("note")).isEqualTo("from d1");
    assertThat(r.bodyAsJsonObject().getString("verdict")).isEqualTo("safe");
    assertThat(db.queryOne("SELECT note_device_id || '/' || verdict_device_id FROM history "
        + "WHERE id = '" + id + "'")).isEqualTo("d1/d2");
  }

  @Test
  void patch_unknownOrMalformedId_404() {
    assertProblem(me.patch(UUID.randomUUID(), "d1", "{\"note\":\"x\"}"), 404, "not-found");
    HttpResponse<Buffer> r = gw.writeRequest(io.vertx.core.http.HttpMethod.PATCH,
        "/me/history/not-a-uuid", me.token(), UUID.randomUUID()).sendBuffer(Buffer.buffer("{}"))
        .await();
    assertProblem(r, 404, "not-found");
  }

  @Test
  void patch_emptyBody_200AndNoChange() {
    UUID id = created();
    HttpResponse<Buffer> r = me.patch(id, "d1", "{}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(feedRows()).isEqualTo(1);
  }

  @Test
  void patch_badMembers_422ListsEach() {
    UUID id = created();
    HttpResponse<Buffer> r = me.patch(id, "d1",
        "{\"note\":" + "\"" + "x".repeat(1001) + "\",\"verdict\":null,\"scannedAt\":\"x\"}");
    assertProblem(r, 422, "validation-failed");
    assertThat(fields(r)).containsExactlyInAnyOrder("note", "verdict", "scannedAt");
  }

  @Test
  void delete_thenListExcludesItAndWritesTo404() {
    UUID id = created();
    UUID kept = created();
    HttpResponse<Buffer> r = me.delete(id);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("id", id.toString()).put("deleted", true));
    JsonArray items = me.list("").bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("id")).isEqualTo(kept.toString());
    assertProblem(me.patch(id, "d1", "{\"note\":\"x\"}"), 404, "not-found");
    assertProblem(me.delete(id), 404, "not-found");
    assertProblem(me.create(HistoryClient.entry(id, "2026-11-24T10:00:00Z")), 404, "not-found");
  }

  @Test
  void delete_sameKeyAgain_replaysThe200() {
    UUID id = created();
    UUID key = UUID.randomUUID();
    me.delete(key, id);
    HttpResponse<Buffer> replay = me.delete(key, id);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
  }

  @Test
  void delete_leavesAWipedTombstone() {
    UUID id = created();
    me.delete(id);
    assertThat(db.queryOne("SELECT deleted AND note IS NULL AND barcode IS NULL AND "
        + "product_name IS NULL FROM history WHERE id = '" + id + "'")).isEqualTo(true);
  }

  @Test
  void everyAppliedChange_oneFeedRowWithTheNewState() {
    UUID id = created();
    me.patch(id, "d1", "{\"verdict\":\"safe\"}");
    me.delete(id);
    assertThat(feedRows()).isEqualTo(3);
    assertThat(db.queryOne("SELECT string_agg(version || ':' || key || ':' || (state ->> 'deleted')"
        + ", ',' ORDER BY version) FROM changes WHERE user_id = '" + sub + "'"))
        .isEqualTo("1:" + id + ":false,2:" + id + ":false,3:" + id + ":true");
    assertThat(db.queryOne("SELECT state -> 'entry' ->> 'verdict' FROM changes WHERE user_id = '"
        + sub + "' AND version = 2")).isEqualTo("safe");
    assertThat(db.queryOne("SELECT state ? 'entry' FROM changes WHERE user_id = '" + sub
        + "' AND version = 3")).isEqualTo(false);
    assertThat(db.count("SELECT version FROM users WHERE user_id = '" + sub + "'")).isEqualTo(3);
  }

  @Test
  void create_everyBadField_422ListsEach() {
    JsonObject body = new JsonObject().put("id", "nope").put("scannedAt", "2026-11-24 10:00")
        .put("barcode", "1".repeat(65)).put("productName", "p".repeat(201))
        .put("verdict", "meh").put("allergensDetected", new JsonArray().add("ok").add("!?"))
        .put("note", "n".repeat(1001)).put("color", "red");
    HttpResponse<Buffer> r = me.create(body);
    assertProblem(r, 422, "validation-failed");
    assertThat(fields(r)).containsExactlyInAnyOrder("id", "scannedAt", "barcode", "productName",
        "verdict", "allergensDetected[1]", "note", "color");
    assertThat(feedRows()).isZero();
  }

  @Test
  void create_scannedAtNotUtcOrFinerThanMicros_422() {
    for (String at : new String[] {"2026-11-24T10:00:00+01:00", "2026-11-24T10:00:00.1234567Z",
        "2026-11-24T10:00Z", "2026-02-30T10:00:00Z"}) {
      HttpResponse<Buffer> r = me.create(HistoryClient.entry(UUID.randomUUID(), at));
      assertProblem(r, 422, "validation-failed");
      assertThat(fields(r)).as(at).containsExactly("scannedAt");
    }
  }

  @Test
  void users_neverSeeEachOthersHistory() {
    UUID id = created();
    HistoryClient bob = new HistoryClient(gw, TestTokens.user("bob-" + UUID.randomUUID()));
    assertThat(bob.list("").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertProblem(bob.patch(id, "d1", "{\"note\":\"mine now\"}"), 404, "not-found");
    assertProblem(bob.delete(id), 404, "not-found");
    assertThat(bob.create(HistoryClient.entry(id, "2026-01-01T00:00:00Z").put("note", "bob's"))
        .statusCode()).isEqualTo(201);
    assertThat(me.list("").bodyAsJsonObject().getJsonArray("items").getJsonObject(0)
        .getString("note")).isEqualTo("kid liked it");
  }

  private UUID created() {
    UUID id = UUID.randomUUID();
    assertThat(me.create(HistoryClient.entry(id, "2026-11-24T10:00:00Z")).statusCode())
        .isEqualTo(201);
    return id;
  }

  private long feedRows() {
    return db.count("SELECT count(*) FROM changes WHERE entity = 'history' AND user_id = '"
        + sub + "'");
  }

  static java.util.List<String> fields(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).toList();
  }
}
