package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.Decision;
import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.crdt.OrSet;
import dev.foodlens.sync.crdt.Outcome;
import dev.foodlens.sync.crdt.PresentAllergy;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import dev.foodlens.sync.testing.TwoGateways;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3, acceptance 3: two devices of one user, each on its own gateway instance over one
 * database, send 200 interleaved adds and removes of three allergens at once. The stored state
 * must be what a sequential model computes from the ops in server-receive (version) order, every
 * response must show the set after exactly the ops before it, and every op id must be in the
 * ledger exactly once.
 */
class AllergyConcurrencyTest {
  static final List<String> ALLERGENS = List.of("peanut", "milk", "sesame");
  static final int OPS = 200;
  static TwoGateways gateways;
  static TestDatabase db;
  static TestGateway first;
  static TestGateway second;

  @BeforeAll
  static void start() {
    gateways = TwoGateways.start(AllergyConcurrencyTest.class,
        gw -> gw.env("FOODLENS_PG_POOL_WAIT_TIMEOUT", "10s"));
    db = gateways.db();
    first = gateways.first();
    second = gateways.second();
  }

  @AfterAll
  static void stop() {
    gateways.close();
  }

  record Sent(TestGateway gw, String device, HttpMethod method, String path, UUID key,
      String body) {}

  @Test
  void twoDevicesOnTwoInstances_200InterleavedOps_matchTheSequentialModel() throws Exception {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    List<Sent> sent = ops(new Random(42));
    List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
    sent.forEach(op -> inFlight.add(send(op, token)));
    List<HttpResponse<Buffer>> answers = Future.all(inFlight).await().list();
    assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as(r.bodyAsString())
        .isEqualTo(200));

    List<AllergyOp> log = readLog(user);
    assertThat(log).extracting(AllergyOp::opId)
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(Sent::key).toList());
    assertThat(ledgerKeys(user))
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(Sent::key).toList());

    List<OrSet> prefixes = replay(log);
    OrSet model = prefixes.get(prefixes.size() - 1);
    for (HttpResponse<Buffer> answer : answers) {
      JsonObject body = answer.bodyAsJsonObject();
      assertThat(body.getJsonArray("items")).as("the set a response showed")
          .isEqualTo(items(atVersion(log, prefixes, body.getLong("version"))));
    }
    try (TestGateway fresh = TestGateway.on(db).start()) {
      JsonObject stored = fresh.get("/me/allergies", token).bodyAsJsonObject();
      assertThat(stored.getJsonArray("items")).isEqualTo(items(model));
      assertThat(stored.getInteger("openConflicts")).isEqualTo(model.openConflicts().size());
      assertThat(fresh.get("/me/allergies/conflicts", token).bodyAsJsonObject()
          .getJsonArray("conflicts")).hasSize(model.conflicts().size());
    }
    assertThat(liveTags(user)).containsExactlyInAnyOrderElementsOf(log.stream()
        .filter(op -> op instanceof AllergyOp.Add)
        .map(AllergyOp::opId)
        .filter(tag -> model.tombstone(tag).isEmpty())
        .toList());
  }

  /** Alternating devices; stale or absent observed versions make many pairs concurrent. */
  private static List<Sent> ops(Random random) {
    List<Sent> ops = new ArrayList<>();
    for (int i = 0; i < OPS; i++) {
      TestGateway gw = i % 2 == 0 ? first : second;
      String device = i % 2 == 0 ? "d1" : "d2";
      String allergen = ALLERGENS.get(random.nextInt(ALLERGENS.size()));
      String observed = random.nextInt(3) == 0 ? ""
          : "\"observedVersion\":" + random.nextInt(i + 1);
      if (random.nextInt(100) < 55) {
        String sep = observed.isEmpty() ? "" : ",";
        ops.add(new Sent(gw, device, HttpMethod.POST, "/me/allergies", UUID.randomUUID(),
            "{\"allergen\":\"" + allergen + "\",\"severity\":\"mild\"" + sep + observed + "}"));
      } else {
        ops.add(new Sent(gw, device, HttpMethod.DELETE, "/me/allergies/" + allergen,
            UUID.randomUUID(), "{" + observed + "}"));
      }
    }
    return ops;
  }

  /** Retries what the contract says may be retried with the same key, as the SDK would. */
  private static Future<HttpResponse<Buffer>> send(Sent op, String token) {
    return op.gw().writeRequest(op.method(), op.path(), token, op.key())
        .putHeader("X-Device-Id", op.device())
        .sendBuffer(Buffer.buffer(op.body()))
        .compose(r -> r.statusCode() == 503 || r.statusCode() == 409
            ? op.gw().vertx().timer(20).compose(v -> send(op, token))
            : Future.succeededFuture(r));
  }

  /** The sequential model: the set after each op of the log, applied one by one. */
  private static List<OrSet> replay(List<AllergyOp> log) {
    List<OrSet> states = new ArrayList<>();
    OrSet set = OrSet.empty();
    for (AllergyOp op : log) {
      var transition = set.apply(op);
      assertThat(transition.outcome()).isInstanceOf(Outcome.Applied.class);
      set = transition.state();
      states.add(set);
    }
    return states;
  }

  /** The state after the last op whose own version is at most {@code version}. */
  private static OrSet atVersion(List<AllergyOp> log, List<OrSet> states, long version) {
    OrSet found = OrSet.empty();
    for (int i = 0; i < log.size() && log.get(i).version() <= version; i++) {
      found = states.get(i);
    }
    return found;
  }

  private static JsonArray items(OrSet set) {
    JsonArray items = new JsonArray();
    for (PresentAllergy a : set.items()) {
      items.add(new JsonObject().put("allergen", a.allergen()).put("severity", a.severity())
          .put("pendingConfirmation", a.pendingConfirmation()));
    }
    return items;
  }

  /** The op log read back over JDBC, independently of the gateway's own row mapping. */
  private static List<AllergyOp> readLog(String user) throws Exception {
    List<AllergyOp> ops = new ArrayList<>();
    try (Connection c = db.jdbc(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM allergy_ops WHERE user_id = '" + user
            + "' ORDER BY version")) {
      while (rs.next()) {
        ops.add(op(rs));
      }
    }
    return ops;
  }

  private static AllergyOp op(ResultSet rs) throws Exception {
    Stamp stamp = new Stamp(rs.getLong("ts"), rs.getString("device_id"),
        (UUID) rs.getObject("op_id"));
    long version = rs.getLong("version");
    String kind = rs.getString("kind");
    if (kind.equals("resolve")) {
      return new AllergyOp.Resolve((UUID) rs.getObject("conflict_id"),
          Decision.valueOf(rs.getString("decision").toUpperCase(Locale.ROOT)), stamp, version);
    }
    MergeMode mode = rs.getString("merge_mode").equals("manual")
        ? MergeMode.MANUAL : MergeMode.LAST_WRITER_WINS;
    return kind.equals("add")
        ? new AllergyOp.Add(rs.getString("allergen"), rs.getString("severity"),
            rs.getLong("observed_version"), stamp, version, mode)
        : new AllergyOp.Remove(rs.getString("allergen"), rs.getLong("observed_version"), stamp,
            version, mode);
  }

  private static List<UUID> ledgerKeys(String user) throws Exception {
    return uuids("SELECT key FROM idempotency_ledger WHERE user_id = '" + user + "'");
  }

  private static List<UUID> liveTags(String user) throws Exception {
    return uuids("SELECT tag FROM allergy_tags WHERE user_id = '" + user
        + "' AND removed_version IS NULL");
  }

  private static List<UUID> uuids(String sql) throws Exception {
    List<UUID> ids = new ArrayList<>();
    try (Connection c = db.jdbc(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        ids.add((UUID) rs.getObject(1));
      }
    }
    Set<UUID> distinct = new HashSet<>(ids);
    assertThat(distinct).as("no id twice").hasSameSizeAs(ids);
    return ids;
  }
}
