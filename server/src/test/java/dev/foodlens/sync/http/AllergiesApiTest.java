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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Contract §4 "Allergies" over HTTP on the real Postgres, with the manual-merge gate on. */
class AllergiesApiTest {
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(AllergiesApiTest.class);
    gw = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  private final String user = "u-" + UUID.randomUUID();
  private final String token = TestTokens.user(user);

  static HttpResponse<Buffer> add(String token, String device, UUID key, String json) {
    return gw.writeRequest(HttpMethod.POST, "/me/allergies", token, key)
        .putHeader("X-Device-Id", device).sendBuffer(Buffer.buffer(json)).await();
  }

  static HttpResponse<Buffer> remove(String token, String device, String allergen,
      Long observedVersion) {
    String body = observedVersion == null ? "" : "{\"observedVersion\":" + observedVersion + "}";
    return gw.writeRequest(HttpMethod.DELETE, "/me/allergies/" + allergen, token,
            UUID.randomUUID())
        .putHeader("X-Device-Id", device).sendBuffer(Buffer.buffer(body)).await();
  }

  static HttpResponse<Buffer> resolve(String token, String conflictId, String decision) {
    return gw.write(HttpMethod.POST, "/me/allergies/conflicts/" + conflictId + "/resolve", token,
        UUID.randomUUID(), "{\"decision\":\"" + decision + "\"}");
  }

  /**
   * The contract's two-device story: both devices saw peanut at version v; d1 removes it having
   * seen v, while d2, also having seen only v, adds it again. Answers the open conflict.
   */
  private JsonObject twoDeviceConflict() {
    long v = add(token, "d2", UUID.randomUUID(), "{\"allergen\":\"peanut\",\"severity\":\"mild\"}")
        .bodyAsJsonObject().getLong("version");
    assertThat(remove(token, "d1", "peanut", v).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> readd = add(token, "d2", UUID.randomUUID(),
        "{\"allergen\":\"peanut\",\"severity\":\"severe\",\"observedVersion\":" + v + "}");
    assertThat(readd.statusCode()).isEqualTo(200);
    JsonArray conflicts = gw.get("/me/allergies/conflicts", token).bodyAsJsonObject()
        .getJsonArray("conflicts");
    assertThat(conflicts).hasSize(1);
    return conflicts.getJsonObject(0);
  }

  private JsonObject allergies() {
    HttpResponse<Buffer> r = gw.get("/me/allergies", token);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  void getAllergies_newUser_emptySetAtVersionZero() {
    assertThat(allergies()).isEqualTo(new JsonObject()
        .put("version", 0).put("items", new JsonArray()).put("openConflicts", 0));
  }

  @Test
  void addThenRemove_observedEverything_allergenGoesAway() {
    HttpResponse<Buffer> added = add(token, "d1", UUID.randomUUID(),
        "{\"allergen\":\"  Peanut \",\"severity\":\"severe\"}");
    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(added.bodyAsJsonObject().getJsonArray("items")).containsExactly(new JsonObject()
        .put("allergen", "peanut").put("severity", "severe").put("pendingConfirmation", false));
    assertThat(remove(token, "d1", "PEANUT", null).bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
    assertThat(allergies().getJsonArray("items")).isEmpty();
    assertThat(db.count("SELECT count(*) FROM allergy_conflicts WHERE user_id = '" + user + "'"))
        .isZero();
  }

  @Test
  void twoDevices_concurrentRemoveAndAdd_allergenStaysPendingWithOneOpenConflict() {
    JsonObject conflict = twoDeviceConflict();
    JsonObject set = allergies();
    assertThat(set.getJsonArray("items")).containsExactly(new JsonObject()
        .put("allergen", "peanut").put("severity", "severe").put("pendingConfirmation", true));
    assertThat(set.getInteger("openConflicts")).isEqualTo(1);
    assertThat(conflict.getString("kind")).isEqualTo("remove-vs-add");
    assertThat(conflict.getString("state")).isEqualTo("open");
    assertThat(conflict.getString("allergen")).isEqualTo("peanut");
    assertThat(conflict.getJsonObject("remove").getString("deviceId")).isEqualTo("d1");
    assertThat(conflict.getJsonObject("add").getString("deviceId")).isEqualTo("d2");
    assertThat(conflict.getString("detectedAt"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(conflict.fieldNames()).containsExactlyInAnyOrder("id", "allergen", "kind",
        "state", "detectedAt", "remove", "add");
    assertThat(db.count("SELECT count(*) FROM changes WHERE user_id = '" + user
        + "' AND entity = 'conflict'")).isEqualTo(1);
  }

  @Test
  void resolveKeep_allergenStaysAndIsConfirmed() {
    JsonObject conflict = twoDeviceConflict();
    HttpResponse<Buffer> r = resolve(token, conflict.getString("id"), "keep");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("resolved");
    assertThat(r.bodyAsJsonObject().getString("decision")).isEqualTo("keep");
    JsonObject set = allergies();
    assertThat(set.getJsonArray("items")).containsExactly(new JsonObject()
        .put("allergen", "peanut").put("severity", "severe").put("pendingConfirmation", false));
    assertThat(set.getInteger("openConflicts")).isZero();
  }

  @Test
  void resolveRemove_allergenGoesAway() {
    JsonObject conflict = twoDeviceConflict();
    assertThat(resolve(token, conflict.getString("id"), "remove").statusCode()).isEqualTo(200);
    assertThat(allergies().getJsonArray("items")).isEmpty();
    assertThat(db.count("SELECT count(*) FROM allergy_tags WHERE user_id = '" + user
        + "' AND removed_version IS NULL")).isZero();
  }

  @Test
  void resolveTwice_sameDecision200_otherDecision422_unknownId404() {
    String id = twoDeviceConflict().getString("id");
    HttpResponse<Buffer> first = resolve(token, id, "keep");
    long version = allergies().getLong("version");
    HttpResponse<Buffer> again = resolve(token, id, "keep");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(allergies().getLong("version")).isEqualTo(version);
    assertProblem(resolve(token, id, "remove"), 422, "validation-failed");
    assertProblem(resolve(token, UUID.randomUUID().toString(), "keep"), 404, "not-found");
    assertProblem(resolve(token, "not-a-uuid", "keep"), 404, "not-found");
    assertThat(allergies().getJsonArray("items")).hasSize(1);
  }

  @Test
  void resolveUnknownId_isStoredInTheLedger_andReplays() {
    UUID key = UUID.randomUUID();
    String path = "/me/allergies/conflicts/" + UUID.randomUUID() + "/resolve";
    HttpResponse<Buffer> first = gw.write(HttpMethod.POST, path, token, key,
        "{\"decision\":\"keep\"}");
    HttpResponse<Buffer> replay = gw.write(HttpMethod.POST, path, token, key,
        "{\"decision\":\"keep\"}");
    assertProblem(first, 404, "not-found");
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.body()).isEqualTo(first.body());
  }

  @Test
  void conflicts_arePerUser() {
    String id = twoDeviceConflict().getString("id");
    String other = TestTokens.user("u-" + UUID.randomUUID());
    assertThat(gw.get("/me/allergies/conflicts", other).bodyAsJsonObject()
        .getJsonArray("conflicts")).isEmpty();
    assertThat(gw.get("/me/allergies", other).bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
    assertProblem(resolve(other, id, "remove"), 404, "not-found");
    assertThat(allergies().getJsonArray("items")).hasSize(1);
  }

  @Test
  void replayOfAnAdd_neverCreatesASecondTag() {
    UUID key = UUID.randomUUID();
    String body = "{\"allergen\":\"soy\"}";
    HttpResponse<Buffer> first = add(token, "d1", key, body);
    HttpResponse<Buffer> replay = add(token, "d1", key, body);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(db.count("SELECT count(*) FROM allergy_tags WHERE user_id = '" + user + "'"))
        .isEqualTo(1);
    assertThat(db.queryOne("SELECT tag::text FROM allergy_tags WHERE user_id = '" + user + "'"))
        .isEqualTo(key.toString());
  }

  @Test
  void getAllergies_carriesETag_andAnswers304OnMatch() {
    add(token, "d1", UUID.randomUUID(), "{\"allergen\":\"milk\",\"severity\":null}");
    HttpResponse<Buffer> r = gw.get("/me/allergies", token);
    assertThat(r.getHeader("ETag")).isEqualTo("\"" + r.bodyAsJsonObject().getLong("version")
        + "\"");
    HttpResponse<Buffer> again = gw.request(HttpMethod.GET, "/me/allergies")
        .bearerTokenAuthentication(token).putHeader("If-None-Match", r.getHeader("ETag"))
        .send().await();
    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  void add_invalidMembers_422ListingEveryBadField() {
    HttpResponse<Buffer> r = add(token, "d1", UUID.randomUUID(),
        "{\"allergen\":\"pea nut\",\"severity\":\"deadly\",\"observedVersion\":-1,\"x\":1}");
    assertProblem(r, 422, "validation-failed");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")))
        .containsExactlyInAnyOrder("allergen", "severity", "observedVersion", "x");
    assertProblem(add(token, "d1", UUID.randomUUID(), "{}"), 422, "validation-failed");
    assertProblem(add(token, "d1", UUID.randomUUID(), "{\"allergen\":\"-nut\"}"), 422,
        "validation-failed");
    assertProblem(add(token, "d1", UUID.randomUUID(),
        "{\"allergen\":\"" + "a".repeat(65) + "\"}"), 422, "validation-failed");
    assertProblem(add(token, "d1", UUID.randomUUID(),
        "{\"allergen\":\"nut\",\"observedVersion\":1.5}"), 422, "validation-failed");
    assertThat(allergies().getLong("version")).isZero();
  }

  @Test
  void remove_invalidAllergenOrBody_422() {
    assertProblem(remove(token, "d1", "pea_nut", null), 422, "validation-failed");
    HttpResponse<Buffer> r = gw.write(HttpMethod.DELETE, "/me/allergies/peanut", token,
        UUID.randomUUID(), "{\"observedVersion\":\"3\",\"extra\":true}");
    assertProblem(r, 422, "validation-failed");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors")).hasSize(2);
  }

  @Test
  void resolve_badDecision_422() {
    String id = twoDeviceConflict().getString("id");
    assertProblem(resolve(token, id, "maybe"), 422, "validation-failed");
  }

  @Test
  void writes_appendAllergyEntriesToTheChangeFeed() {
    add(token, "d1", UUID.randomUUID(), "{\"allergen\":\"egg\",\"severity\":\"mild\"}");
    remove(token, "d1", "egg", null);
    JsonObject last = new JsonObject((String) db.queryOne("SELECT state::text FROM changes WHERE"
        + " user_id = '" + user + "' AND entity = 'allergy' ORDER BY version DESC LIMIT 1"));
    assertThat(last).isEqualTo(new JsonObject().put("allergen", "egg").put("present", false)
        .putNull("severity").put("pendingConfirmation", false));
    assertThat(db.count("SELECT count(*) FROM changes WHERE user_id = '" + user + "'"))
        .isEqualTo(2);
  }
}
