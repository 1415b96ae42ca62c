package dev.foodlens.sync.http;

import static dev.foodlens.sync.http.ErrorTableTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Contract §7's toggles: who may flip them, what writes paused and the gate off do. */
class TogglesTest {
  static TestDatabase db;
  static TestGateway gw;
  static TestGateway other;
  static final String ADMIN = TestTokens.admin("ops-" + UUID.randomUUID());

  @BeforeAll
  static void start() {
    db = TestDatabase.create(TogglesTest.class);
    gw = TestGateway.on(db).start();
    other = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    other.close();
    db.close();
  }

  @AfterEach
  void restoreDefaults() {
    assertThat(put("{\"writesPaused\":false,\"manualMerge\":true}").statusCode()).isEqualTo(200);
  }

  private final String user = "u-" + UUID.randomUUID();
  private final String token = TestTokens.user(user);

  /** The contract's two toggles plus the per-entity pauses, none of them set. */
  static JsonObject withEntityPauses(JsonObject toggles) {
    return toggles.put("writesPaused.profile", false).put("writesPaused.settings", false)
        .put("writesPaused.allergies", false).put("writesPaused.history", false);
  }

  static HttpResponse<Buffer> put(String json) {
    return gw.write(HttpMethod.PUT, "/admin/toggles", ADMIN, UUID.randomUUID(), json);
  }

  private HttpResponse<Buffer> add(UUID key, String allergen, Long observedVersion) {
    String observed = observedVersion == null ? "" : ",\"observedVersion\":" + observedVersion;
    return gw.write(HttpMethod.POST, "/me/allergies", token, key,
        "{\"allergen\":\"" + allergen + "\"" + observed + "}");
  }

  private HttpResponse<Buffer> remove(String allergen, long observedVersion) {
    return gw.write(HttpMethod.DELETE, "/me/allergies/" + allergen, token, UUID.randomUUID(),
        "{\"observedVersion\":" + observedVersion + "}");
  }

  private long ledgerRows(UUID key) {
    return db.count("SELECT count(*) FROM idempotency_ledger WHERE key = '" + key + "'");
  }

  @Test
  void nonAdmin_getOrPutToggles_403() {
    assertProblem(gw.get("/admin/toggles", token), 403, "forbidden");
    assertProblem(gw.write(HttpMethod.PUT, "/admin/toggles", token, UUID.randomUUID(),
        "{\"writesPaused\":true}"), 403, "forbidden");
    assertThat(gw.get("/admin/toggles", ADMIN).bodyAsJsonObject().getBoolean("writesPaused"))
        .isFalse();
  }

  @Test
  void admin_getToggles_defaults() {
    HttpResponse<Buffer> r = gw.get("/admin/toggles", ADMIN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject())
        .isEqualTo(withEntityPauses(new JsonObject().put("writesPaused", false)
            .put("manualMerge", true)));
  }

  @Test
  void admin_putSubset_setsThoseAndAnswersTheFullSet() {
    HttpResponse<Buffer> r = put("{\"manualMerge\":false}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject())
        .isEqualTo(withEntityPauses(new JsonObject().put("writesPaused", false)
            .put("manualMerge", false)));
    assertThat(gw.get("/admin/toggles", ADMIN).bodyAsJsonObject().getBoolean("manualMerge"))
        .isFalse();
  }

  @Test
  void admin_putUnknownOrNonBoolean_422ListingEach() {
    HttpResponse<Buffer> r = put("{\"writesPaused\":\"yes\",\"turbo\":true}");
    assertProblem(r, 422, "validation-failed");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors")).hasSize(2);
    assertThat(gw.get("/admin/toggles", ADMIN).bodyAsJsonObject().getBoolean("writesPaused"))
        .isFalse();
  }

  @Test
  void writesPaused_writes503WithRetryAfter_readsGoOn_nothingInLedger_sameKeyAppliesLater() {
    put("{\"writesPaused\":true}");
    UUID key = UUID.randomUUID();
    HttpResponse<Buffer> post = add(key, "peanut", null);
    assertProblem(post, 503, "writes-paused");
    assertThat(post.getHeader("Retry-After")).isNotBlank();
    assertProblem(remove("peanut", 0), 503, "writes-paused");
    assertProblem(gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"A\"}}"), 503,
        "writes-paused");
    assertProblem(gw.write(HttpMethod.POST, "/me/allergies/conflicts/" + UUID.randomUUID()
        + "/resolve", token, UUID.randomUUID(), "{\"decision\":\"keep\"}"), 503, "writes-paused");
    assertThat(gw.get("/me/allergies", token).statusCode()).isEqualTo(200);
    assertThat(gw.get("/me/profile", token).statusCode()).isEqualTo(200);
    assertThat(ledgerRows(key)).isZero();
    assertThat(db.count("SELECT count(*) FROM idempotency_ledger WHERE user_id = '" + user + "'"))
        .isZero();

    assertThat(put("{\"writesPaused\":false}").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> later = add(key, "peanut", null);
    assertThat(later.statusCode()).isEqualTo(200);
    assertThat(later.getHeader("Idempotent-Replayed")).isNull();
    assertThat(later.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(ledgerRows(key)).isEqualTo(1);
  }

  @Test
  void writesPaused_reachesAnotherInstanceWithinTwoSeconds() throws InterruptedException {
    put("{\"writesPaused\":true}");
    long deadline = System.nanoTime() + 2_000_000_000L;
    int status = 0;
    while (System.nanoTime() < deadline && status != 503) {
      status = other.write(HttpMethod.PATCH, "/me/profile", token, UUID.randomUUID(),
          "{\"fields\":{\"displayName\":\"A\"}}").statusCode();
      Thread.sleep(50);
    }
    assertThat(status).isEqualTo(503);
  }

  @Test
  void gateOff_laterRemoveWins_noConflict_counted() {
    put("{\"manualMerge\":false}");
    long before = gw.gateway().autoResolved().total();
    long v = add(UUID.randomUUID(), "peanut", 0L).bodyAsJsonObject().getLong("version");
    HttpResponse<Buffer> r = remove("peanut", v - 1);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(r.bodyAsJsonObject().getInteger("openConflicts")).isZero();
    assertNoConflicts();
    assertThat(gw.gateway().autoResolved().total()).isEqualTo(before + 1);
  }

  @Test
  void gateOff_laterAddWins_noConflict_counted() {
    put("{\"manualMerge\":false}");
    long before = gw.gateway().autoResolved().total();
    long v = add(UUID.randomUUID(), "soy", null).bodyAsJsonObject().getLong("version");
    remove("soy", v);
    HttpResponse<Buffer> r = add(UUID.randomUUID(), "soy", v);
    assertThat(r.bodyAsJsonObject().getJsonArray("items")).containsExactly(new JsonObject()
        .put("allergen", "soy").putNull("severity").put("pendingConfirmation", false));
    assertNoConflicts();
    assertThat(gw.gateway().autoResolved().total()).isEqualTo(before + 1);
  }

  private void assertNoConflicts() {
    assertThat(gw.get("/me/allergies/conflicts", token).bodyAsJsonObject()
        .getJsonArray("conflicts")).isEmpty();
    assertThat(db.count("SELECT count(*) FROM allergy_conflicts WHERE user_id = '" + user + "'"))
        .isZero();
  }
}
