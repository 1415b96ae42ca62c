package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, pushes set-based: a push writes each kind of row in one multi-row statement, not one
 * statement per op, and what it stores is what applying its ops in turn leaves. Statement-level
 * triggers with transition tables count the statements that wrote rows of the pushing user.
 */
class SetBasedPushTest {
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create(SetBasedPushTest.class);
    gw = TestGateway.on(db).env("FOODLENS_HTTP_REQUEST_TIMEOUT", "60s").start();
    try (Connection c = db.jdbc(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE written (tbl text, op text, user_id text, n bigint)");
      s.execute("""
          CREATE FUNCTION count_statement() RETURNS trigger LANGUAGE plpgsql
          SECURITY DEFINER SET search_path = public AS $$
          BEGIN
            INSERT INTO written SELECT TG_TABLE_NAME, TG_OP, user_id, count(*)
              FROM rows GROUP BY user_id;
            RETURN NULL;
          END $$""");
      for (String table : new String[] {"history", "changes", "lww_fields", "allergy_ops",
          "allergy_tags"}) {
        s.execute("CREATE TRIGGER count_insert AFTER INSERT ON " + table
            + " REFERENCING NEW TABLE AS rows FOR EACH STATEMENT"
            + " EXECUTE FUNCTION count_statement()");
      }
      for (String table : new String[] {"history", "idempotency_ledger", "allergy_tags"}) {
        s.execute("CREATE TRIGGER count_update AFTER UPDATE ON " + table
            + " REFERENCING NEW TABLE AS rows FOR EACH STATEMENT"
            + " EXECUTE FUNCTION count_statement()");
      }
    }
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  private static JsonArray results(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("results");
  }

  /** How many statements wrote rows of {@code user} into {@code table}, and how many rows. */
  private static String written(String user, String table, String op) {
    return db.queryOne("SELECT count(*) || ' statements, ' || coalesce(sum(n), 0) || ' rows'"
        + " FROM written WHERE user_id = '" + user + "' AND tbl = '" + table + "' AND op = '"
        + op + "'").toString();
  }

  @Test
  void pushOf500HistoryCreates_writesEachTableInOneStatement() {
    String user = "u-" + UUID.randomUUID();
    PushClient client = new PushClient(gw, TestTokens.user(user), "phone-1");
    JsonArray ops = new JsonArray();
    for (int i = 0; i < 500; i++) {
      ops.add(PushClient.createHistory(UUID.randomUUID(),
          String.format("2026-11-24T10:%02d:%02dZ", i / 60, i % 60)));
    }
    JsonArray results = results(client.push(ops));
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("status")))
        .hasSize(500).containsOnly("applied");

    assertThat(written(user, "history", "INSERT")).isEqualTo("1 statements, 500 rows");
    assertThat(written(user, "changes", "INSERT")).isEqualTo("1 statements, 500 rows");
    assertThat(written(user, "idempotency_ledger", "UPDATE")).isEqualTo("1 statements, 500 rows");
  }

  @Test
  void onePushTouchingRowsTwice_storesWhatTheOpsInTurnLeave() {
    String user = "u-" + UUID.randomUUID();
    PushClient client = new PushClient(gw, TestTokens.user(user), "phone-1");
    UUID entry = UUID.randomUUID();
    UUID gone = UUID.randomUUID();
    JsonArray ops = new JsonArray()
        .add(PushClient.profile("Ana"))
        .add(PushClient.profile("Bea"))
        .add(PushClient.createHistory(entry, "2026-11-24T10:00:00Z"))
        .add(PushClient.op(UUID.randomUUID(), "history", "patch", entry.toString(),
            new JsonObject().put("note", "first")))
        .add(PushClient.op(UUID.randomUUID(), "history", "patch", entry.toString(),
            new JsonObject().put("note", "second").put("verdict", "safe")))
        .add(PushClient.createHistory(gone, "2026-11-24T11:00:00Z"))
        .add(PushClient.op(UUID.randomUUID(), "history", "delete", gone.toString(),
            new JsonObject()))
        .add(PushClient.addAllergy("peanut"))
        .add(PushClient.op(UUID.randomUUID(), "allergies", "remove", "peanut", null))
        .add(PushClient.addAllergy("peanut"));
    HttpResponse<Buffer> response = client.push(ops);
    JsonArray results = results(response);
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("status")))
        .containsOnly("applied");
    // each op's answer is sent as the very bytes its ledger entry keeps
    for (Object r : results) {
      String opId = ((JsonObject) r).getString("opId");
      assertThat(response.bodyAsString()).contains((String) db.queryOne(
          "SELECT convert_from(response_body, 'UTF8') FROM idempotency_ledger WHERE user_id = '"
              + user + "' AND key = '" + opId + "'"));
    }

    assertThat(db.queryOne("SELECT value::text FROM lww_fields WHERE user_id = '" + user
        + "' AND field = 'displayName'")).isEqualTo("\"Bea\"");
    assertThat(db.queryOne("SELECT note || '/' || verdict FROM history WHERE user_id = '" + user
        + "' AND id = '" + entry + "'")).isEqualTo("second/safe");
    assertThat(db.queryOne("SELECT deleted::text FROM history WHERE user_id = '" + user
        + "' AND id = '" + gone + "'")).isEqualTo("true");
    assertThat(db.count("SELECT count(*) FROM allergy_tags WHERE user_id = '" + user
        + "' AND removed_version IS NULL")).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM allergy_ops WHERE user_id = '" + user + "'"))
        .isEqualTo(3);
    assertThat(written(user, "history", "UPDATE")).isEqualTo("2 statements, 2 rows");
    assertThat(written(user, "lww_fields", "INSERT")).isEqualTo("1 statements, 1 rows");
    assertThat(written(user, "allergy_ops", "INSERT")).isEqualTo("1 statements, 3 rows");
    assertThat(written(user, "changes", "INSERT")).isEqualTo("1 statements, 10 rows");
    // what the feed carries is what a second instance would read: the last state of each key
    assertThat(db.count("SELECT max(version) FROM changes WHERE user_id = '" + user + "'"))
        .isEqualTo(10);
  }
}
