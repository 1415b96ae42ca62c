package dev.foodlens.sync.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.FaultProxy;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code docker/nginx.conf}, run by Debian's nginx in front of two gateways: when one
 * is not ready (its Postgres unreachable: it answers 503) idempotent requests are still answered
 * by the other, and when one's listener is closed every request, writes included, is.
 */
class NginxFailoverTest {
  static TestDatabase db;
  static FaultProxy sickPg;
  static TestGateway healthy;
  static TestGateway sick;
  static Process nginx;
  static Path dir;
  static int port;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create(NginxFailoverTest.class);
    sickPg = db.proxy();
    healthy = TestGateway.on(db).env("FOODLENS_HTTP_INSTANCES", "1").start();
    sick = TestGateway.onUri(db.uriVia(sickPg)).env("FOODLENS_HTTP_INSTANCES", "1").start();
    dir = Files.createTempDirectory("nginx-failover");
    port = freePort();
    String shipped = Files.readString(Path.of("docker/nginx.conf"));
    String config = shipped
        .replace("worker_processes auto;", "worker_processes 1;\ndaemon off;\nmaster_process off;\n"
            + "pid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log")
            + " warn;")
        .replace("worker_connections 4096;", "worker_connections 256;")
        .replace("server gateway-1:8080", "server 127.0.0.1:" + sick.port())
        .replace("server gateway-2:8080", "server 127.0.0.1:" + healthy.port())
        .replace("listen 8080;", "listen 127.0.0.1:" + port + ";\n    client_body_temp_path "
            + dir.resolve("body") + ";\n    proxy_temp_path " + dir.resolve("proxy") + ";");
    assertThat(config).contains("127.0.0.1:" + sick.port()).contains("127.0.0.1:" + port);
    Files.writeString(dir.resolve("nginx.conf"), config);
    String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    nginx = new ProcessBuilder(binary, "-p", dir.toString(), "-c",
        dir.resolve("nginx.conf").toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.log").toFile()).start();
    int status = 0;
    for (int i = 0; i < 200 && status == 0; i++) {
      try {
        status = send(get("/healthz")).statusCode();
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    assertThat(status).as("nginx answers").isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor(10, TimeUnit.SECONDS);
    }
    if (sick != null) {
      sick.close();
    }
    healthy.close();
    sickPg.close();
    db.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void oneInstanceNotReady_idempotentRequestsAnsweredByTheOther_thenItsListenerCloses_writesToo()
      throws Exception {
    sickPg.mode(FaultProxy.Mode.REFUSE);
    int direct = 200;
    for (int i = 0; i < 100 && direct == 200; i++) {
      direct = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sick.port()
          + "/me/sync")).header("Authorization", "Bearer " + TestTokens.user("probe-" + i))
          .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
    assertThat(direct).as("the sick instance itself answers 503").isEqualTo(503);

    // round robin sends every other request to the sick instance: each is retried on the other
    for (int i = 0; i < 10; i++) {
      String token = TestTokens.user("u-" + UUID.randomUUID());
      HttpResponse<String> read = send(get("/me/sync").header("Authorization", "Bearer " + token));
      assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    }

    sick.close();
    sick = null;
    for (int i = 0; i < 10; i++) {
      String token = TestTokens.user("u-" + UUID.randomUUID());
      HttpResponse<String> write = send(get("/me/profile").header("Authorization",
          "Bearer " + token).header("Idempotency-Key", UUID.randomUUID().toString())
          .header("Content-Type", "application/json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString(
              "{\"fields\":{\"displayName\":\"Ada\"}}")));
      assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
    }
  }
}
