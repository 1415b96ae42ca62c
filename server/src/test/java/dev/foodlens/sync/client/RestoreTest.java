package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database is restored (pg_dump, then pg_restore) to a point before a device's checkpoint, and
 * another device writes past it again: the versions the restore lost are handed out anew. The
 * device must not skip them as "already seen": its checkpoint names a change that is no longer the
 * one at its version, so it gets 410, bootstraps, and ends equal to the server.
 */
class RestoreTest {
  static TestDatabase db;
  static TestGateway gw;
  static Devices devices = new Devices();

  @BeforeAll
  static void start() {
    db = TestDatabase.create(RestoreTest.class);
    gw = TestGateway.on(db).start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  @Test
  void restoreToAnEarlierPoint_deviceBootstrapsInsteadOfSkipping() throws Exception {
    String user = "u-" + UUID.randomUUID();
    URI base = URI.create("http://127.0.0.1:" + gw.port());
    Path dump = Files.createTempFile("foodlens-restore", ".dump");
    try (FoodLensSync phone = devices.device(base, "phone", user)) {
      phone.patchProfile(Map.of("displayName", "before"));
      phone.patchSettings(Map.of("units", "imperial"));
      Devices.sync(phone);

      run("pg_dump", "-Fc", "-f", dump.toString(), "-d", db.uri());

      phone.patchProfile(Map.of("displayName", "lost in the restore"));
      phone.patchSettings(Map.of("theme", "dark"));
      Devices.sync(phone);

      restore(dump);
      try (FoodLensSync tablet = devices.device(base, "tablet", user)) {
        tablet.patchProfile(Map.of("displayName", "after"));
        tablet.patchProfile(Map.of("locale", "pt-BR"));
        tablet.patchProfile(Map.of("dietType", "vegan"));
        // the restore cut the gateway's connections: the first attempts may meet 503
        for (int i = 0; i < 10 && Devices.sync(tablet).queueDepth() > 0; i++) {
          devices.syncLater(tablet);
        }
        assertThat(Devices.sync(tablet).queueDepth()).isZero();
      }

      devices.events.clear();
      Devices.sync(phone);
      assertThat(devices.events).extracting(SyncEvent::type).contains(SyncEvent.Type.BOOTSTRAPPED);
      JsonObject profile = new JsonObject(gw.get("/me/profile", TestTokens.user(user))
          .bodyAsString()).getJsonObject("fields");
      assertThat(phone.profile()).isEqualTo(profile.getMap());
      assertThat(phone.profile()).containsEntry("displayName", "after")
          .containsEntry("locale", "pt-BR");
      assertThat(phone.settings()).containsEntry("units", "imperial")
          .doesNotContainEntry("theme", "dark");
    } finally {
      Files.deleteIfExists(dump);
    }
  }

  /**
   * A gateway rolled back to a release that does not know the device's checkpoint form answers
   * {@code 422} naming {@code since}: the device bootstraps, as on a 410, and keeps its queue.
   */
  @Test
  void aCheckpointTheServerDoesNotKnow_deviceBootstraps() throws Exception {
    String user = "u-" + UUID.randomUUID();
    URI base = URI.create("http://127.0.0.1:" + gw.port());
    Path store = devices.store("rolled-back-" + user);
    try (FoodLensSync phone = devices.builder(base, "phone", store).build()) {
      phone.signIn(user);
      phone.patchProfile(Map.of("displayName", "kept"));
      Devices.sync(phone);
    }
    Db raw = Db.open(store);
    raw.run(d -> {
      d.update("UPDATE sync_state SET checkpoint = ? WHERE user_id = ?",
        java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString("c9.d1.future-form".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        user);
    });
    raw.close();
    try (FoodLensSync phone = devices.builder(base, "phone", store).build()) {
      phone.signIn(user);
      QueuedOp pending = phone.patchSettings(Map.of("units", "imperial"));
      devices.events.clear();
      Devices.sync(phone);
      assertThat(devices.events).extracting(SyncEvent::type)
          .contains(SyncEvent.Type.BOOTSTRAPPED);
      assertThat(Devices.done(phone, pending).state()).isEqualTo(OpState.SYNCED);
      assertThat(phone.profile()).containsEntry("displayName", "kept");
      assertThat(phone.settings()).containsEntry("units", "imperial");
    }
  }

  /** Drops the database and restores the dump into a new one of the same name. */
  private static void restore(Path dump) throws Exception {
    PgConnectOptions o = db.connectOptions();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":"
        + o.getPort() + "/postgres", o.getUser(), o.getPassword());
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE " + o.getDatabase() + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + o.getDatabase());
    }
    run("pg_restore", "--no-owner", "-d", db.uri(), dump.toString());
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }
}
