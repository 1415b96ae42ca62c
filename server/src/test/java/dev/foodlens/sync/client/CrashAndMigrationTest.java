package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.SdkGateway;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Matrix cells 5 (client process killed while sending) and 9 (first-login migration). */
class CrashAndMigrationTest {
  static SdkGateway sdk;
  static TestDatabase db;
  static TestGateway gw;
  static URI base;
  final Devices devices = new Devices();

  @BeforeAll
  static void start() {
    sdk = SdkGateway.start(CrashAndMigrationTest.class);
    db = sdk.db();
    gw = sdk.gateway();
    base = sdk.direct();
  }

  @AfterAll
  static void stop() {
    sdk.close();
  }

  static long rows(String table, String user) {
    return db.count("SELECT count(*) FROM " + table + " WHERE user_id = '" + user + "'");
  }

  static JsonObject server(String path, String user) {
    return gw.get(path, TestTokens.user(user)).bodyAsJsonObject();
  }

  @Test
  void cell5_clientKilledWhileSending_restartedFromTheSameStore_eachOpOnce() throws Exception {
    String user = "u-" + UUID.randomUUID();
    Path store = devices.store("crashy");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"),
        ClientCrashMain.class.getName(), store.toString(), base.toString(), user)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<UUID> ids = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); !"ANSWERED".equals(line); line = out.readLine()) {
        assertThat(line).as("the child died before the gateway answered").isNotNull();
        if (line.startsWith("OP ")) {
          ids.add(UUID.fromString(line.substring(3)));
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(rows("history", user)).as("the server committed the push").isEqualTo(1);

    try (FoodLensSync restarted = devices.builder(base, "crashy-phone", store).build()) {
      restarted.signIn(user);
      assertThat(restarted.pendingOps()).extracting(QueuedOp::opId).containsExactlyElementsOf(ids);
      assertThat(restarted.pendingOps()).extracting(QueuedOp::state)
          .containsOnly(OpState.PENDING);
      Devices.sync(restarted);
      for (UUID id : ids) {
        assertThat(restarted.completion(id).get(30, TimeUnit.SECONDS).serverStatus())
            .isEqualTo("duplicate");
      }
    }
    assertThat(rows("history", user)).isEqualTo(1);
    assertThat(rows("allergy_tags", user)).isEqualTo(1);
    assertThat(rows("idempotency_ledger", user)).isEqualTo(3);
  }

  @Test
  void cell9_firstLoginMigration_killedMidwayAndResumed_noDuplicates_secondUserDoesNotMigrate()
      throws Exception {
    String owner = "u-" + UUID.randomUUID();
    Path legacy = copyFixture();
    Path store = devices.store("migrating");
    AtomicInteger chunks = new AtomicInteger();
    Transport http = Transport.http(java.time.Duration.ofSeconds(10));
    Transport dyingAfterSecondChunk = request -> {
      Transport.Response response = http.send(request);
      if (request.method().equals("POST") && request.uri().getPath().equals("/me/migrate")
          && chunks.incrementAndGet() == 2) {
        throw new IOException("the process dies before it records chunk 2's answer");
      }
      return response;
    };
    try (FoodLensSync first = devices.builder(base, "old-phone", store).legacyStore(legacy)
        .migrationChunk(100).transport(dyingAfterSecondChunk).build()) {
      first.signIn(owner);
      Devices.sync(first);
      assertThat(server("/me/migrate", owner).getString("state")).isEqualTo("in-progress");
    }
    try (FoodLensSync again = devices.builder(base, "old-phone", store).legacyStore(legacy)
        .migrationChunk(100).legacyFallback(true).build()) {
      again.signIn(owner);
      Devices.sync(again);

      assertThat(server("/me/migrate", owner).getString("state")).isEqualTo("complete");
      assertThat(rows("history", owner)).isEqualTo(295);
      assertThat(server("/me/profile", owner).getJsonObject("fields").getMap())
          .containsEntry("displayName", "Chidi").containsEntry("locale", "pt-BR")
          .containsEntry("dietType", "other").containsEntry("birthYear", 1991);
      assertThat(server("/me/settings", owner).getJsonObject("fields").getMap())
          .containsEntry("theme", "dark").containsEntry("notifications.scanReminders", true);
      assertThat(again.allergies()).extracting(Allergy::allergen)
          .containsExactly("gluten", "milk", "mustard", "peanut", "soy");
      assertThat(again.history()).hasSize(295);
      assertThat(again.legacyRecords()).hasValueSatisfying(r -> {
        assertThat(r.report().badLines()).isEqualTo(5);
        assertThat(r.report().duplicateLines()).isEqualTo(5);
      });
      assertThat(Files.getPosixFilePermissions(legacy.resolve("history.jsonl")))
          .doesNotContain(PosixFilePermission.OWNER_WRITE);

      String second = "u-" + UUID.randomUUID();
      again.signOut();
      again.signIn(second);
      Devices.sync(again);
      assertThat(server("/me/migrate", second).getString("state")).isEqualTo("none");
      assertThat(rows("history", second)).isZero();
      assertThat(again.legacyRecords()).isEmpty();
    }
  }

  private Path copyFixture() throws IOException {
    Path to = Files.createDirectories(devices.dir().resolve("legacy-v1"));
    try (Stream<Path> files = Files.list(LegacyReaderTest.FIXTURE)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
    return to;
  }
}
