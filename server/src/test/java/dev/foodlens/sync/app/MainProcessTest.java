package dev.foodlens.sync.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The operator's interface (contract §8), run as a real process the way an operator runs it. */
class MainProcessTest {
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  /** A started process; stderr goes to a file, so nothing blocks and destroy() loses nothing. */
  record Run(Process process, Path stderr) {
    boolean waitFor() throws InterruptedException {
      return process.waitFor(60, TimeUnit.SECONDS);
    }

    int exitValue() {
      return process.exitValue();
    }

    String err() throws IOException {
      return Files.readString(stderr);
    }
  }

  static Run start(Map<String, String> env, String... args) throws IOException {
    return startIn(Path.of("").toAbsolutePath(), env, args);
  }

  private static Run startIn(Path workDir, Map<String, String> env, String... args)
      throws IOException {
    return startIn(workDir, List.of(), env, args);
  }

  private static Run startIn(Path workDir, List<String> jvm, Map<String, String> env,
      String... args) throws IOException {
    List<String> program = new ArrayList<>(jvm);
    program.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    return launch(program, workDir, env, args);
  }

  /** {@code java PROGRAM ARGS} in {@code workDir}: PROGRAM is a class path and main, or a jar. */
  static Run launch(List<String> program, Path workDir, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(JAVA.toString()));
    command.addAll(program);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("FOODLENS_AUTH_HMAC_SECRET", TestTokens.SECRET);
    builder.environment().put("FOODLENS_AUTH_DEV_SECRET_FILE", "");
    builder.environment().put("FOODLENS_LOG_LEVEL", "INFO");
    builder.environment().put("FOODLENS_HTTP_DRAIN_DELAY", "0s");
    builder.environment().putAll(env);
    Path stderr = Files.createTempFile("foodlens-main", ".log");
    builder.redirectError(stderr.toFile());
    return new Run(builder.start(), stderr);
  }

  @Test
  void serve_unreachablePostgres_exitsOneWithAClearLine() throws Exception {
    Run p = start(Map.of("FOODLENS_PG_URI", "postgresql://postgres@127.0.0.1:1/foodlens"),
        "serve");
    assertThat(p.waitFor()).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(p.err()).contains("foodlens-sync: cannot reach or migrate Postgres");
  }

  @Test
  void serve_invalidConfig_exitsOneNamingEveryProblem() throws Exception {
    Run p = start(Map.of("FOODLENS_HTTP_PORT", "eighty", "FOODLENS_PG_POOL_SIZE", "0"),
        "serve");
    assertThat(p.waitFor()).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    String err = p.err();
    assertThat(err).contains("foodlens-sync: invalid configuration")
        .contains("FOODLENS_HTTP_PORT").contains("pg.poolSize");
    assertThat(err.lines().filter(l -> l.startsWith("foodlens-sync:"))).hasSize(1);
  }

  @Test
  void serve_nonLoopbackHostWithoutAKey_refusesInOneLineAndMakesNoSecret() throws Exception {
    Path secret = Files.createTempDirectory("foodlens-secret").resolve("dev-secret");
    Run p = start(Map.of("FOODLENS_AUTH_HMAC_SECRET", "",
        "FOODLENS_AUTH_DEV_SECRET_FILE", secret.toString(), "FOODLENS_HTTP_HOST", "0.0.0.0",
        "FOODLENS_PG_URI", "postgresql://postgres@127.0.0.1:1/foodlens"), "serve");
    assertThat(p.waitFor()).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    String err = p.err();
    assertThat(err.lines().filter(l -> l.startsWith("foodlens-sync:")))
        .containsExactly("foodlens-sync: http.host 0.0.0.0 is not a loopback address and no key"
            + " is configured: set FOODLENS_AUTH_JWKS_URL or FOODLENS_AUTH_PUBLIC_KEYS (or"
            + " FOODLENS_AUTH_HMAC_SECRET);"
            + " the development secret serves 127.0.0.1 only");
    assertThat(secret).doesNotExist();
  }

  /**
   * README command 1: no key, no host configured, run from another directory. The gateway
   * listens on loopback with an owner-only development secret that its tokens verify with, and
   * writes nothing else there, not even for uploads (issue 12 items 2 and 7).
   */
  @Test
  void serve_defaultsWithoutAKey_servesOnLoopbackWithAnOwnerOnlySecret() throws Exception {
    Path work = Files.createTempDirectory("foodlens-work");
    try (TestDatabase db = TestDatabase.create(MainProcessTest.class)) {
      int port = freePort();
      Run p = startIn(work, Map.of("FOODLENS_PG_URI", db.uri(),
          "FOODLENS_HTTP_PORT", String.valueOf(port),
          "FOODLENS_MANAGEMENT_PORT", String.valueOf(freePort()),
          "FOODLENS_AUTH_HMAC_SECRET", "", "FOODLENS_AUTH_DEV_SECRET_FILE", ".foodlens/dev-secret"),
          "serve");
      awaitReady(port);
      Path secret = work.resolve(".foodlens/dev-secret");
      String token = TestTokens.hs256(TestTokens.claims("alice"),
          Files.readString(secret).strip());
      HttpClient http = HttpClient.newHttpClient();
      for (String auth : new String[] {null, "Bearer " + token}) {
        HttpRequest.Builder upload = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/me/history"))
            .header("Content-Type", "multipart/form-data; boundary=B")
            .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
            .POST(HttpRequest.BodyPublishers.ofString("--B\r\nContent-Disposition: form-data;"
                + " name=\"f\"; filename=\"a\"\r\n\r\n" + "x".repeat(100_000)
                + "\r\n--B--\r\n"));
        if (auth != null) {
          upload.header("Authorization", auth);
        }
        assertThat(http.send(upload.build(), HttpResponse.BodyHandlers.discarding())
            .statusCode()).isEqualTo(auth == null ? 401 : 415);
      }
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/me/profile")).header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
      p.process().destroy();
      assertThat(p.waitFor()).isTrue();
      assertThat(p.err()).contains("listening on http://127.0.0.1:" + port);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
          .isEqualTo("rw-------");
      try (var files = Files.list(work)) {
        assertThat(files).containsExactly(work.resolve(".foodlens"));
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void awaitReady(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/readyz")).build();
    int status = 0;
    for (int i = 0; i < 300 && status != 200; i++) {
      try {
        status = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    assertThat(status).as("gateway became ready").isEqualTo(200);
  }

  @Test
  void serve_sigterm_finishesAndExitsZero() throws Exception {
    try (TestDatabase db = TestDatabase.create(MainProcessTest.class)) {
      int port = freePort();
      // the production logging configuration, not the tests' (its access log is asynchronous)
      Run p = startIn(Path.of("").toAbsolutePath(), List.of("-Dlogback.configurationFile="
              + Path.of("server/src/main/resources/logback.xml").toAbsolutePath()),
          Map.of("FOODLENS_PG_URI", db.uri(), "FOODLENS_HTTP_PORT",
          String.valueOf(port), "FOODLENS_MANAGEMENT_PORT", String.valueOf(freePort())),
          "serve");
      awaitReady(port);
      p.process().destroy();
      assertThat(p.waitFor()).isTrue();
      assertThat(p.exitValue()).isZero();
      // the access log is asynchronous: its queued lines are written before the process ends
      assertThat(p.err()).contains("listening on").contains("stopped")
          .contains("\"http.route\":\"/readyz\"");
    }
  }

  /**
   * SIGTERM flips readiness first: for the drain delay both listeners' {@code /readyz} answer 503
   * while the API listener still accepts and serves, and only then does it close.
   */
  @Test
  void serve_sigterm_readyzAnswers503BeforeTheListenerCloses() throws Exception {
    try (TestDatabase db = TestDatabase.create(MainProcessTest.class)) {
      int port = freePort();
      int management = freePort();
      Run p = start(Map.of("FOODLENS_PG_URI", db.uri(), "FOODLENS_HTTP_PORT",
          String.valueOf(port), "FOODLENS_MANAGEMENT_PORT", String.valueOf(management),
          "FOODLENS_HTTP_DRAIN_DELAY", "3s"), "serve");
      awaitReady(port);
      HttpClient http = HttpClient.newHttpClient();
      p.process().destroy();
      int readyz = 200;
      // a connection refused here, before any 503, would be the race this guards against
      for (int i = 0; i < 1000 && readyz == 200; i++) {
        readyz = http.send(get(port, "/readyz"), HttpResponse.BodyHandlers.discarding())
            .statusCode();
      }
      assertThat(readyz).isEqualTo(503);
      HttpResponse<String> managed = http.send(get(management, "/readyz"),
          HttpResponse.BodyHandlers.ofString());
      assertThat(managed.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(managed.body()).getString("status")).isEqualTo("draining");
      assertThat(http.send(get(port, "/healthz"), HttpResponse.BodyHandlers.discarding())
          .statusCode()).as("still serving while draining").isEqualTo(200);
      boolean closed = false;
      for (int i = 0; i < 600 && !closed; i++) {
        try {
          http.send(get(port, "/readyz"), HttpResponse.BodyHandlers.discarding());
          Thread.sleep(20);
        } catch (IOException refused) {
          closed = true;
        }
      }
      assertThat(closed).as("the listener closed after the drain").isTrue();
      assertThat(p.waitFor()).isTrue();
      assertThat(p.exitValue()).as(p.err()).isZero();
      assertThat(p.err()).contains("draining for 3000 ms").contains("stopped");
    }
  }

  private static HttpRequest get(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
  }

  @Test
  void token_isAcceptedByAGatewayWithTheSameSecret() throws Exception {
    Run p = start(Map.of(), "token", "--sub", "carol", "--ttl", "5m");
    assertThat(p.waitFor()).isTrue();
    String token = new String(p.process().getInputStream().readAllBytes(), UTF_8).strip();
    assertThat(p.exitValue()).isZero();
    try (TestDatabase db = TestDatabase.create(MainProcessTest.class);
        TestGateway gw = TestGateway.on(db).start()) {
      assertThat(gw.get("/me/profile", token).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void report_printsTheMigrationStatusFromTheDatabase() throws Exception {
    try (TestDatabase db = TestDatabase.create(MainProcessTest.class);
        TestGateway gw = TestGateway.on(db).start()) {
      gw.patch("/me/profile", TestTokens.user("reported"), "{\"fields\":{\"locale\":\"de\"}}");
      Run p = start(Map.of("FOODLENS_PG_URI", db.uri()), "report");
      assertThat(p.waitFor()).isTrue();
      String out = new String(p.process().getInputStream().readAllBytes(), UTF_8);
      assertThat(p.exitValue()).as(p.err()).isZero();
      JsonObject report = new JsonObject(out);
      assertThat(report.getJsonObject("users").getInteger("total")).isEqualTo(1);
      assertThat(report.getJsonObject("usersWithServerData").getInteger("profile")).isEqualTo(1);
    }
  }

  /**
   * The demo honours --conf (the only place its server is named here), runs on a database of
   * its own, and leaves nothing: that database is dropped, its devices' folder deleted.
   */
  @Test
  void demo_twoDevicesOfflineConflictReinstall_convergesAndLeavesNothing() throws Exception {
    Path work = Files.createTempDirectory("foodlens-work");
    Path tmp = Files.createTempDirectory("foodlens-tmp");
    try (TestDatabase db = TestDatabase.create(MainProcessTest.class)) {
      Path conf = work.resolve("demo.json");
      Files.writeString(conf, new JsonObject().put("pg", new JsonObject().put("uri", db.uri()))
          .encode());
      Run p = startIn(work, List.of("-Djava.io.tmpdir=" + tmp), Map.of(), "demo", "--conf",
          conf.toString());
      assertThat(p.waitFor()).isTrue();
      String out = new String(p.process().getInputStream().readAllBytes(), UTF_8);
      assertThat(p.exitValue()).as(out + p.err()).isZero();
      assertThat(out).contains("both devices go offline")
          .contains("open conflict on tablet: peanut")
          .contains("CONVERGED");
      Matcher database = Pattern.compile("on database (foodlens_demo_\\w+)").matcher(out);
      assertThat(database.find()).as(out).isTrue();
      assertThat(db.count("SELECT count(*) FROM pg_database WHERE datname = '"
          + database.group(1) + "'")).isZero();
      assertThat(db.count("SELECT count(*) FROM users")).as("nothing in the configured database")
          .isZero();
      try (var left = Files.list(tmp)) {
        assertThat(left).isEmpty();
      }
    }
  }

  @Test
  void demo_unreachablePostgres_saysWhyAndExitsOne() throws Exception {
    Run p = start(Map.of("FOODLENS_PG_URI", "postgresql://postgres@127.0.0.1:1/foodlens"), "demo");
    assertThat(p.waitFor()).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(p.err()).contains("foodlens-sync: the demo cannot start: no database on");
  }

  @Test
  void token_refusesWithoutAnHmacSecret() throws Exception {
    Path pem = Files.createTempFile("foodlens", ".pem");
    Files.writeString(pem, TestTokens.pem(TestTokens.rsaKeyPair().getPublic()));
    Run p = start(Map.of("FOODLENS_AUTH_HMAC_SECRET", "",
        "FOODLENS_AUTH_PUBLIC_KEYS", pem.toString()), "token", "--sub", "carol");
    assertThat(p.waitFor()).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(p.err()).contains("no HMAC secret is configured");
  }
}
