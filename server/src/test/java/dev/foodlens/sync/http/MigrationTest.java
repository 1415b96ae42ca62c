package dev.foodlens.sync.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, acceptance 4: the legacy-v1 fixture, mapped by hand as legacy-format.md says, goes
 * through {@code POST /me/migrate} in three chunks, then again.
 */
class MigrationTest {
  static final Path FIXTURE = Path.of("../shared/fixtures/legacy-v1");
  static final UUID NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
  static final Map<String, String> FOLDING = Map.ofEntries(Map.entry("peanuts", "peanut"),
      Map.entry("peanut", "peanut"), Map.entry("tree nuts", "tree-nut"),
      Map.entry("milk", "milk"), Map.entry("dairy", "milk"), Map.entry("eggs", "egg"),
      Map.entry("sesame", "sesame"), Map.entry("soy", "soy"), Map.entry("gluten", "gluten"),
      Map.entry("mustard", "mustard"), Map.entry("shellfish", "shellfish"));
  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(MigrationTest.class);
    gw = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  static String fold(String name) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    return FOLDING.getOrDefault(key, "other-" + key.replaceAll("[^a-z0-9]+", "-"));
  }

  /** A name-based (version 5) UUID of the user and the entry's localId. */
  static UUID entryId(String user, long localId) throws Exception {
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    ByteBuffer ns = ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
        .putLong(NAMESPACE.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest((user + ":" + localId).getBytes(UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }

  static JsonObject profile() throws Exception {
    JsonObject legacy = new JsonObject(Files.readString(FIXTURE.resolve("profile.json")));
    String diet = legacy.getString("diet").toLowerCase(Locale.ROOT);
    return new JsonObject().put("displayName", legacy.getString("name"))
        .put("locale", legacy.getString("lang").replace('_', '-'))
        .put("dietType", Set.of("none", "vegetarian", "vegan", "pescatarian", "keto", "halal",
            "kosher").contains(diet) ? diet : "other")
        .put("birthYear", legacy.getInteger("birth_year"));
  }

  /** The reader maps the keys it knows; the rest goes on as sent, for the server to count. */
  static JsonObject settings() throws Exception {
    JsonObject legacy = new JsonObject(Files.readString(FIXTURE.resolve("settings.json")));
    JsonObject mapped = new JsonObject().put("units", legacy.remove("units"))
        .put("theme", (Boolean) legacy.remove("darkMode") ? "dark" : "light")
        .put("notifications.scanReminders", legacy.remove("reminders"));
    return mapped.mergeIn(legacy);
  }

  static JsonArray allergies() throws Exception {
    Set<String> codes = new LinkedHashSet<>();
    new JsonArray(Files.readString(FIXTURE.resolve("allergies.json")))
        .forEach(name -> codes.add(fold((String) name)));
    JsonArray records = new JsonArray();
    codes.forEach(code -> records.add(new JsonObject().put("allergen", code)
        .put("severity", null)));
    return records;
  }

  /** Lines that are not JSON or lack ts are the reader's to skip; the rest become entries. */
  static List<JsonObject> history(String user) throws Exception {
    List<JsonObject> entries = new ArrayList<>();
    for (String line : Files.readAllLines(FIXTURE.resolve("history.jsonl"), UTF_8)) {
      JsonObject legacy;
      try {
        legacy = new JsonObject(line);
      } catch (DecodeException e) {
        continue;
      }
      if (legacy.getLong("ts") == null) {
        continue;
      }
      JsonArray found = new JsonArray();
      legacy.getJsonArray("found").forEach(name -> found.add(fold((String) name)));
      entries.add(new JsonObject().put("id", entryId(user, legacy.getLong("localId")).toString())
          .put("scannedAt", Instant.ofEpochMilli(legacy.getLong("ts")).toString())
          .put("barcode", legacy.getString("code")).put("productName", legacy.getString("name"))
          .put("verdict", legacy.getString("result").toLowerCase(Locale.ROOT))
          .put("allergensDetected", found).put("note", legacy.getString("memo")));
    }
    return entries;
  }

  static JsonArray slice(List<JsonObject> entries, int from, int to) {
    return new JsonArray(new ArrayList<Object>(entries.subList(from, to)));
  }

  static JsonObject chunk(boolean complete, JsonObject records) {
    return new JsonObject().put("source", "legacy-v1").put("deviceId", "phone-legacy")
        .put("complete", complete).put("records", records);
  }

  private HttpResponse<Buffer> migrate(String token, UUID key, JsonObject body) {
    return gw.write(HttpMethod.POST, "/me/migrate", token, key, body.encode());
  }

  @Test
  void fixture_inThreeChunks_thenAgain_mergesOnceAndServerWins() throws Exception {
    String user = "u-" + UUID.randomUUID();
    String token = TestTokens.user(user);
    assertThat(gw.get("/me/migrate", token).bodyAsJsonObject().getString("state"))
        .isEqualTo("none");
    gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"Chidi A.\"}}");
    gw.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
        "{\"allergen\":\"sesame\"}");
    List<JsonObject> history = history(user);
    JsonArray invalid = new JsonArray().add(new JsonObject().put("id", "not-a-uuid"));
    List<JsonObject> chunks = List.of(
        chunk(false, new JsonObject().put("profile", profile()).put("settings", settings())
            .put("allergies", allergies()).put("history", slice(history, 0, 100))),
        chunk(false, new JsonObject().put("history",
            slice(history, 100, 200).addAll(invalid))),
        chunk(true, new JsonObject().put("history",
            slice(history, 200, history.size()))));
    List<UUID> keys = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    JsonObject last = null;
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> r = migrate(token, keys.get(i), chunks.get(i));
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      last = r.bodyAsJsonObject();
      assertThat(last.getJsonObject("migration").getString("state"))
          .isEqualTo(i < 2 ? "in-progress" : "complete");
    }
    long unique = history.stream().map(h -> h.getString("id")).distinct().count();
    assertThat(last.getJsonObject("imported")).isEqualTo(new JsonObject().put("profile", 3)
        .put("settings", 3).put("allergies", 5).put("history", (int) unique));
    assertThat(last.getJsonObject("skipped")).isEqualTo(new JsonObject().put("profile", 1)
        .put("settings", 1).put("allergies", 0)
        .put("history", (int) (history.size() - unique + 1)));
    assertThat(last.getJsonObject("invalid").getInteger("history")).isEqualTo(1);
    assertThat(last.getJsonObject("invalid").getInteger("settings")).isEqualTo(1);
    long changes = db.count("SELECT count(*) FROM changes WHERE user_id = '" + user + "'");
    assertThat(changes).isEqualTo(2 + 3 + 3 + 5 + unique);

    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> again = migrate(token, UUID.randomUUID(), chunks.get(i));
      assertThat(again.bodyAsJsonObject()).isEqualTo(last);
    }
    HttpResponse<Buffer> replay = migrate(token, keys.get(0), chunks.get(0));
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(db.count("SELECT count(*) FROM changes WHERE user_id = '" + user + "'"))
        .isEqualTo(changes);
    assertThat(db.count("SELECT count(*) FROM history WHERE user_id = '" + user + "'"))
        .isEqualTo(unique);

    JsonObject fields = gw.get("/me/profile", token).bodyAsJsonObject().getJsonObject("fields");
    assertThat(fields).isEqualTo(new JsonObject().put("displayName", "Chidi A.")
        .put("locale", "pt-BR").put("dietType", "other").put("birthYear", 1991));
    assertThat(gw.get("/me/settings", token).bodyAsJsonObject().getJsonObject("fields")
        .getString("theme")).isEqualTo("dark");
    List<String> allergens = new ArrayList<>();
    gw.get("/me/allergies", token).bodyAsJsonObject().getJsonArray("items")
        .forEach(a -> allergens.add(((JsonObject) a).getString("allergen")));
    assertThat(allergens).containsExactlyInAnyOrder("sesame", "milk", "gluten", "peanut", "soy",
        "mustard");
    JsonObject status = gw.get("/me/migrate", token).bodyAsJsonObject();
    assertThat(status.getString("state")).isEqualTo("complete");
    assertThat(status.getString("source")).isEqualTo("legacy-v1");
    assertThat(status.getString("completedAt")).isNotBlank();
  }

  @Test
  void brokenEnvelope_422_andStateStaysNone() {
    String token = TestTokens.user("u-" + UUID.randomUUID());
    HttpResponse<Buffer> r = migrate(token, UUID.randomUUID(), new JsonObject()
        .put("source", "legacy-v9").put("deviceId", "p").put("complete", "yes"));
    ErrorTableTest.assertProblem(r, 422, "validation-failed");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors")).hasSize(2);
    assertThat(gw.get("/me/migrate", token).bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("state", "none"));
  }
}
