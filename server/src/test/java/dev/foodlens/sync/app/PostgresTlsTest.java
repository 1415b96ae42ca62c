package dev.foodlens.sync.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.store.Migrator;
import dev.foodlens.sync.store.PgTarget;
import dev.foodlens.sync.testing.TestCluster;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS to Postgres (contract §8, {@code sslmode}): a cluster of the test's own with
 * {@code ssl = on}, a certificate from a CA the test makes, and a {@code pg_hba.conf} that refuses
 * every connection without TLS. With {@code sslmode=verify-full} and that CA the migrator
 * (pgJDBC), the pool and the cache listener (vertx-pg-client) all connect, so all three speak TLS;
 * with another CA, {@code serve} refuses at start with one line.
 */
class PostgresTlsTest {
  static TestCluster cluster;
  static TestDatabase db;
  static Path certs;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.create(PostgresTlsTest.class);
    db = TestDatabase.create(PostgresTlsTest.class, cluster.serverUri());
    certs = Files.createTempDirectory("foodlens-tls");
    Path data = Path.of("/var/lib/postgresql", cluster.version(), cluster.name());
    openssl(certs, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=foodlens test CA", "-keyout", "ca.key", "-out", "ca.pem");
    openssl(certs, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=another CA", "-keyout", "other.key", "-out", "other.pem");
    openssl(certs, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
        "-keyout", "server.key", "-out", "server.csr");
    Files.writeString(certs.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl(certs, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
    run(List.of("install", "-o", "postgres", "-m", "600", certs.resolve("server.key").toString(),
        data.resolve("foodlens-server.key").toString()));
    run(List.of("install", "-o", "postgres", "-m", "644", certs.resolve("server.crt").toString(),
        data.resolve("foodlens-server.crt").toString()));
    cluster.sql("ALTER SYSTEM SET ssl = on");
    cluster.sql("ALTER SYSTEM SET ssl_cert_file = 'foodlens-server.crt'");
    cluster.sql("ALTER SYSTEM SET ssl_key_file = 'foodlens-server.key'");
    Path hba = Path.of("/etc/postgresql", cluster.version(), cluster.name(), "pg_hba.conf");
    Files.writeString(hba, "local all all trust\n"
        + "hostssl all all 127.0.0.1/32 trust\n"
        + "hostnossl all all 127.0.0.1/32 reject\n");
    cluster.sql("SELECT pg_reload_conf()");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private String uri(String ca) {
    return "postgresql://postgres@127.0.0.1:" + cluster.port() + "/"
        + db.connectOptions().getDatabase() + "?sslmode=verify-full&sslrootcert="
        + certs.resolve(ca);
  }

  @Test
  void verifyFull_migratorPoolAndListenerAllSpeakTls() throws Exception {
    // without TLS the server now refuses: a plain connection cannot be what works below
    assertThat(cluster.psql("SELECT 1", "host=127.0.0.1 sslmode=disable")).isNotZero();
    Migrator.migrate(PgTarget.parse(uri("ca.pem")));
    try (TestGateway gw = TestGateway.onUri(uri("ca.pem")).start()) {
      String token = TestTokens.user("u-" + UUID.randomUUID());
      assertThat(gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"tls\"}}")
          .statusCode()).isEqualTo(200);
      assertThat(gw.get("/me/profile", token).bodyAsJsonObject().getJsonObject("fields")
          .getString("displayName")).isEqualTo("tls");
      // the cache listener's LISTEN connection is there, and encrypted like every other one
      long listening = 0;
      for (int i = 0; i < 50 && listening == 0; i++) {
        listening = count("SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)"
            + " WHERE a.query ILIKE 'LISTEN%' AND s.ssl");
        Thread.sleep(100);
      }
      assertThat(listening).isPositive();
      assertThat(count("SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)"
          + " WHERE a.usename = 'foodlens_app' AND NOT s.ssl")).isZero();
    }
  }

  @Test
  void aWrongCa_refusesAtStart_inOneLine() throws Exception {
    MainProcessTest.Run p = MainProcessTest.start(Map.of("FOODLENS_PG_URI", uri("other.pem"),
        "FOODLENS_MANAGEMENT_PORT", Integer.toString(freePort())), "serve");
    assertThat(p.waitFor()).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    List<String> lines = Files.readAllLines(p.stderr()).stream()
        .filter(l -> l.startsWith("foodlens-sync:")).toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("cannot reach or migrate Postgres");
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static long count(String sql) throws Exception {
    Process p = new ProcessBuilder("psql", "-h", "/var/run/postgresql", "-p",
        Integer.toString(cluster.port()), "-U", "postgres", "-d", "postgres", "-Atc", sql)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return Long.parseLong(out);
  }

  private static void openssl(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
