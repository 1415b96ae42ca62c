package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.store.PgVerifier;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a user's allergy log is compacted into a snapshot written with the op that makes it
 * due (every 64 ops while the log is short), under row-level security; an instance that never
 * held the set rebuilds it from the snapshot plus the ops after it and answers exactly what the
 * writer holds, and the verify command checks the snapshot against the log.
 */
class AllergySnapshotTest {
  static final List<String> ALLERGENS = List.of("peanut", "milk", "sesame", "egg", "soy");
  static TestDatabase db;
  static TestGateway writer;
  static Vertx vertx;
  static SqlClient client;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(AllergySnapshotTest.class);
    writer = TestGateway.on(db).start();
    vertx = Vertx.vertx();
    client = PgBuilder.client().connectingTo(db.connectOptions()).using(vertx).build();
  }

  @AfterAll
  static void stop() {
    client.close().await();
    vertx.close().await();
    writer.close();
    db.close();
  }

  @Test
  void aFreshInstance_fromSnapshotPlusTail_answersWhatTheWriterHolds() {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    write(user, token, 150, new Random(7));

    long ops = db.count("SELECT count(*) FROM allergy_ops WHERE user_id = '" + user + "'");
    assertThat(ops).isGreaterThanOrEqualTo(140);
    assertThat(db.queryOne("SELECT ops FROM allergy_snapshots WHERE user_id = '" + user + "'"))
        .isEqualTo((int) (ops - ops % 64));
    assertThat(db.queryOne("SELECT version < (SELECT max(version) FROM allergy_ops WHERE user_id"
        + " = '" + user + "') FROM allergy_snapshots WHERE user_id = '" + user + "'"))
        .as("a tail of ops after the snapshot").isEqualTo(true);

    JsonObject set = writer.get("/me/allergies", token).bodyAsJsonObject();
    JsonObject conflicts = writer.get("/me/allergies/conflicts", token).bodyAsJsonObject();
    assertThat(conflicts.getJsonArray("conflicts")).isNotEmpty();
    try (TestGateway fresh = TestGateway.on(db).start()) {
      assertThat(fresh.get("/me/allergies", token).bodyAsJsonObject()).isEqualTo(set);
      assertThat(fresh.get("/me/allergies/conflicts", token).bodyAsJsonObject())
          .isEqualTo(conflicts);
      // the fresh instance writes on top of what it rebuilt
      assertThat(fresh.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
          "{\"allergen\":\"peanut\",\"severity\":\"severe\"}").statusCode()).isEqualTo(200);
    }
    assertThat(verify(user)).isEmpty();
  }

  @Test
  void aSnapshotThatDiffersFromTheLog_isReportedByVerify() {
    String user = "u-" + UUID.randomUUID();
    write(user, TestTokens.user(user), 70, new Random(11));
    assertThat(verify(user)).isEmpty();

    db.queryOne("UPDATE allergy_snapshots SET state = replace(state, '\"mild\"', '\"severe\"')"
        + " WHERE user_id = '" + user + "'");

    assertThat(verify(user)).extracting(PgVerifier.Violation::invariant)
        .containsExactly("allergy-snapshot");
  }

  @Test
  void aPushCrossingTwoSnapshotPoints_leavesTheLatestSnapshot() {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    JsonArray ops = new JsonArray();
    for (int i = 0; i < 140; i++) {
      String allergen = ALLERGENS.get(i % ALLERGENS.size());
      boolean add = (i / ALLERGENS.size()) % 2 == 0;
      JsonObject op = new JsonObject().put("opId", UUID.randomUUID().toString())
          .put("entity", "allergies").put("action", add ? "add" : "remove")
          .put("payload", add ? new JsonObject().put("allergen", allergen) : new JsonObject())
          .put("clientTs", "2026-11-24T10:00:00Z");
      if (!add) {
        op.put("target", allergen).put("observedVersion", Math.max(0, i - 8));
      }
      ops.add(op);
    }
    JsonObject answer = writer.request(HttpMethod.POST, "/me/sync/push")
        .putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(new JsonObject().put("deviceId", "d1").put("ops", ops)).await()
        .bodyAsJsonObject();
    assertThat(answer.getJsonArray("results")).hasSize(140)
        .allSatisfy(r -> assertThat(((JsonObject) r).getString("status")).isIn("applied",
            "conflict"));

    assertThat(db.queryOne("SELECT ops FROM allergy_snapshots WHERE user_id = '" + user + "'"))
        .isEqualTo(128);
    JsonObject set = writer.get("/me/allergies", token).bodyAsJsonObject();
    try (TestGateway fresh = TestGateway.on(db).start()) {
      assertThat(fresh.get("/me/allergies", token).bodyAsJsonObject()).isEqualTo(set);
      assertThat(fresh.get("/me/allergies/conflicts", token).bodyAsJsonObject())
          .isEqualTo(writer.get("/me/allergies/conflicts", token).bodyAsJsonObject());
    }
    assertThat(verify(user)).isEmpty();
  }

  /** Adds, removes (some blind to earlier adds, opening conflicts) and resolves. */
  private static void write(String user, String token, int count, Random random) {
    for (int i = 0; i < count; i++) {
      String allergen = ALLERGENS.get(random.nextInt(ALLERGENS.size()));
      String observed = random.nextInt(3) == 0 ? ""
          : ",\"observedVersion\":" + random.nextInt(i + 1);
      int status;
      if (i % 10 == 9) {
        JsonArray open = writer.get("/me/allergies/conflicts", token).bodyAsJsonObject()
            .getJsonArray("conflicts");
        JsonObject first = open.stream().map(JsonObject.class::cast)
            .filter(c -> c.getString("state").equals("open")).findFirst().orElse(null);
        if (first == null) {
          continue;
        }
        status = writer.write(HttpMethod.POST, "/me/allergies/conflicts/" + first.getString("id")
            + "/resolve", token, UUID.randomUUID(),
            "{\"decision\":\"" + (random.nextBoolean() ? "keep" : "remove") + "\"}").statusCode();
      } else if (random.nextInt(100) < 60) {
        status = writer.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
            "{\"allergen\":\"" + allergen + "\",\"severity\":\"mild\"" + observed + "}")
            .statusCode();
      } else {
        status = writer.write(HttpMethod.DELETE, "/me/allergies/" + allergen, token,
            UUID.randomUUID(), "{" + observed.replaceFirst(",", "") + "}").statusCode();
      }
      assertThat(status).as("write %d of %s", i, user).isEqualTo(200);
    }
  }

  private static List<PgVerifier.Violation> verify(String user) {
    return new PgVerifier().verify(client, user, Duration.ofSeconds(10)).await();
  }
}
