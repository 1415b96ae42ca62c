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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 4, acceptance 1: random interleavings of one user's writes from three devices, over REST
 * and push, with retries and duplicate deliveries. Afterwards the feed replayed from the start
 * equals what the GET endpoints show, any checkpoint with any page size yields every later
 * change exactly once, and no op id was applied twice.
 */
class SyncFeedProperties {
  static final List<String> ALLERGENS = List.of("peanut", "milk");
  static final List<String> THEMES = List.of("light", "dark", "system");
  static TestDatabase db;
  static TestGateway gw;

  @BeforeContainer
  static void start() {
    db = TestDatabase.create(SyncFeedProperties.class);
    gw = TestGateway.on(db).start();
  }

  @AfterContainer
  static void stop() {
    gw.close();
    db.close();
  }

  /**
   * One write by {@code device}; {@code push} sends it in a batch; {@code twice} delivers it
   * again.
   */
  record Action(int device, int kind, int arg, boolean push, boolean twice) {}

  @Provide
  Arbitrary<List<Action>> scripts() {
    Arbitrary<Action> action = Combinators.combine(Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 3),
        Arbitraries.of(true, false), Arbitraries.integers().between(0, 3).map(i -> i == 0))
        .as(Action::new);
    return action.list().ofMinSize(5).ofMaxSize(40);
  }

  @Property(tries = 25)
  void feedReplay_equalsTheResources_andEveryCheckpointYieldsEachLaterChangeOnce(
      @ForAll("scripts") List<Action> script, @ForAll @IntRange(min = 1, max = 7) int limit) {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    List<UUID> historyIds = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    Set<UUID> opIds = new HashSet<>();
    List<List<JsonObject>> batches = List.of(new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>());
    for (Action a : script) {
      UUID opId = UUID.randomUUID();
      opIds.add(opId);
      JsonObject op = op(a, opId, historyIds);
      if (a.push()) {
        batches.get(a.device()).add(op);
        if (a.twice()) {
          batches.get(a.device()).add(op);
        }
        if (batches.get(a.device()).size() >= 3) {
          flush(token, a.device(), batches.get(a.device()));
        }
      } else {
        rest(token, a.device(), op, a.twice());
      }
    }
    for (int d = 0; d < 3; d++) {
      flush(token, d, batches.get(d));
    }

    long version = db.count("SELECT coalesce(max(version), 0) FROM users WHERE user_id = '"
        + user + "'");
    FeedReplay.Pulled all = FeedReplay.pullAll(gw, token, 0, limit);
    assertThat(all.changes()).extracting(c -> c.getLong("version"))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, version).boxed().toList());
    var replayed = FeedReplay.replay(all.changes());
    assertThat(replayed).isEqualTo(FeedReplay.read(gw, token,
        replayed.get("settings").keySet()));
    for (long from = 0; from <= version; from += Math.max(1, version / 4)) {
      assertThat(FeedReplay.pullAll(gw, token, from, limit).changes())
          .extracting(c -> c.getLong("version"))
          .containsExactlyElementsOf(LongStream.rangeClosed(from + 1, version).boxed().toList());
    }
    assertThat(db.count("SELECT count(*) FROM idempotency_ledger WHERE user_id = '" + user
        + "'")).isEqualTo(opIds.size());
  }

  private static JsonObject op(Action a, UUID opId, List<UUID> historyIds) {
    String id = historyIds.get(a.arg() % historyIds.size()).toString();
    String allergen = ALLERGENS.get(a.arg() % ALLERGENS.size());
    return switch (a.kind()) {
      case 0 -> PushClient.op(opId, "profile", "patch", null, new JsonObject().put("fields",
          new JsonObject().put("displayName", "d" + a.device() + "-" + a.arg())));
      case 1 -> PushClient.op(opId, "settings", "patch", null, new JsonObject().put("fields",
          new JsonObject().put("theme", THEMES.get(a.arg() % THEMES.size()))));
      case 2 -> PushClient.op(opId, "allergies", "add", null,
          new JsonObject().put("allergen", allergen));
      case 3 -> PushClient.op(opId, "allergies", "remove", allergen, new JsonObject())
          .put("observedVersion", a.arg() == 0 ? 0 : null);
      case 4 -> PushClient.op(opId, "history", "create", null,
          HistoryClient.entry(UUID.fromString(id), "2026-11-24T10:00:0" + a.arg() + "Z"));
      case 5 -> PushClient.op(opId, "history", "patch", id,
          new JsonObject().put("note", "n" + a.device()));
      default -> PushClient.op(opId, "history", "delete", id, new JsonObject());
    };
  }

  private static void flush(String token, int device, List<JsonObject> ops) {
    if (ops.isEmpty()) {
      return;
    }
    PushClient client = new PushClient(gw, token, "device-" + device);
    JsonArray batch = new JsonArray(new ArrayList<Object>(ops));
    HttpResponse<Buffer> first = client.push(batch);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    JsonArray retried = client.push(batch).bodyAsJsonObject().getJsonArray("results");
    assertThat(retried).allSatisfy(r -> assertThat(((JsonObject) r).getString("status"))
        .as("a retried batch applies nothing again").isIn("duplicate", "rejected"));
    ops.clear();
  }

  /** The same op as its REST call, the op id as the key; a retry must replay. */
  private static void rest(String token, int device, JsonObject op, boolean twice) {
    UUID key = UUID.fromString(op.getString("opId"));
    String entity = op.getString("entity");
    String target = op.getString("target");
    JsonObject body = op.getJsonObject("payload").copy();
    HttpMethod method = switch (op.getString("action")) {
      case "patch" -> HttpMethod.PATCH;
      case "remove", "delete" -> HttpMethod.DELETE;
      default -> HttpMethod.POST;
    };
    if (op.getValue("observedVersion") != null) {
      body.put("observedVersion", op.getValue("observedVersion"));
    }
    String path = "/me/" + entity + (target == null ? "" : "/" + target);
    for (int i = 0; i < (twice ? 2 : 1); i++) {
      HttpResponse<Buffer> r = gw.writeRequest(method, path, token, key)
          .putHeader("X-Device-Id", "device-" + device).sendBuffer(body.toBuffer()).await();
      assertThat(r.statusCode()).as(r.bodyAsString()).isLessThan(500);
      if (i == 1) {
        assertThat(r.getHeader("Idempotent-Replayed")).isEqualTo("true");
      }
    }
  }
}
