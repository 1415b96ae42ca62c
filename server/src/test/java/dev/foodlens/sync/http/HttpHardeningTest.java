package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.RawHttp;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 items 2 and 4, over raw sockets: authentication before any body is read, no
 * uploads, unambiguous framing only, and no connection held open by a silent or slow client.
 */
class HttpHardeningTest {
  /** Every route that reads a body, with a path that exists. */
  private static final List<String> BODY_ROUTES = List.of(
      "PATCH /me/profile", "PATCH /me/settings", "POST /me/allergies",
      "DELETE /me/allergies/peanut", "POST /me/allergies/conflicts/" + UUID.randomUUID()
          + "/resolve", "POST /me/history", "PATCH /me/history/" + UUID.randomUUID(),
      "DELETE /me/history/" + UUID.randomUUID(), "POST /me/sync/push", "POST /me/migrate",
      "PUT /admin/toggles");
  private static final String MULTIPART = "multipart/form-data; boundary=XyZ";
  private static final String UPLOAD = "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
      + "filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
      + "x".repeat(4096) + "\r\n--XyZ--\r\n";

  static TestDatabase db;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    db = TestDatabase.create(HttpHardeningTest.class);
    gw = TestGateway.on(db)
        .env("FOODLENS_HTTP_HEADER_TIMEOUT", "500ms")
        .env("FOODLENS_HTTP_IDLE_TIMEOUT", "1s")
        .start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  private static String request(String route, String... headers) {
    StringBuilder text = new StringBuilder(route).append(" HTTP/1.1\r\nHost: localhost\r\n");
    for (String header : headers) {
      text.append(header).append("\r\n");
    }
    return text.append("\r\n").toString();
  }

  @Test
  void anonymousWrite_announcedBodyNeverSent_401AtOnceAndClosed() throws IOException {
    for (String route : BODY_ROUTES) {
      try (RawHttp http = new RawHttp(gw.port())) {
        String response = http.send(request(route, "Content-Type: application/json",
            "Content-Length: 1000")).response();
        assertThat(response).as(route).startsWith("HTTP/1.1 401").contains("unauthorized");
        assertThat(http.closedByServer()).as(route).isTrue();
      }
    }
  }

  /**
   * A client that sends its whole body while the gateway refuses it unread (expired token,
   * writes paused) must still read the answer: the body is drained, not reset under it, and
   * the connection serves the next request.
   */
  @Test
  void refusedWrite_bodySent_answerArrives_connectionKept() throws IOException {
    String body = "{\"fields\":{\"displayName\":\"" + "x".repeat(50_000) + "\"}}";
    try (RawHttp http = new RawHttp(gw.port())) {
      http.send(request("PATCH /me/profile", "Content-Type: application/json",
          "Authorization: Bearer expired.token.here", "Content-Length: " + body.length())
          + body);
      assertThat(http.response()).startsWith("HTTP/1.1 401");
      assertThat(http.send(request("GET /healthz")).response()).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void anonymousWrite_bodyOverTheLimit_401NotRead() throws IOException {
    try (RawHttp http = new RawHttp(gw.port())) {
      String response = http.send(request("POST /me/migrate", "Content-Type: application/json",
          "Content-Length: 1000000000")).response();
      assertThat(response).startsWith("HTTP/1.1 401");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void multipart_anonymous401_authenticated415_nothingWritten() throws IOException {
    Path uploads = Path.of("file-uploads");
    long before = count(uploads);
    for (String route : BODY_ROUTES) {
      try (RawHttp http = new RawHttp(gw.port())) {
        assertThat(http.send(request(route, "Content-Type: " + MULTIPART,
            "Content-Length: " + UPLOAD.length()) + UPLOAD).response())
            .as(route).startsWith("HTTP/1.1 401");
      }
      try (RawHttp http = new RawHttp(gw.port())) {
        assertThat(http.send(request(route, "Content-Type: " + MULTIPART,
            "Authorization: Bearer " + TestTokens.admin("uploader"),
            "Idempotency-Key: " + UUID.randomUUID(),
            "Content-Length: " + UPLOAD.length()) + UPLOAD).response())
            .as(route).startsWith("HTTP/1.1 415").contains("unsupported-media-type");
      }
    }
    assertThat(count(uploads)).as("files in file-uploads/").isEqualTo(before);
  }

  private static long count(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.count();
    }
  }

  @Test
  void contentLengthWithTransferEncoding_400AndClosed() throws IOException {
    try (RawHttp http = new RawHttp(gw.port())) {
      String response = http.send(request("PATCH /me/profile",
          "Authorization: Bearer " + TestTokens.user("smuggler"),
          "Idempotency-Key: " + UUID.randomUUID(), "Content-Type: application/json",
          "Content-Length: 4", "Transfer-Encoding: chunked") + "0\r\n\r\n").response();
      // Netty's decoder refuses it before any handler runs (a bare 400), and closes
      assertThat(response).startsWith("HTTP/1.1 400");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void unknownOrStackedTransferCoding_400() throws IOException {
    for (String coding : List.of("gzip, chunked", "identity", "chunked, chunked", "xchunked")) {
      try (RawHttp http = new RawHttp(gw.port())) {
        String response = http.send(request("GET /healthz", "Transfer-Encoding: " + coding)
            + "0\r\n\r\n").response();
        assertThat(response).as(coding).startsWith("HTTP/1.1 400");
        assertThat(http.closedByServer()).as(coding).isTrue();
      }
    }
  }

  @Test
  void chunkedAlone_isServed_andTheConnectionKeptAlive() throws IOException {
    String body = "{\"fields\":{\"locale\":\"de\"}}";
    try (RawHttp http = new RawHttp(gw.port())) {
      String response = http.send(request("PATCH /me/profile",
          "Authorization: Bearer " + TestTokens.user("chunky"),
          "Idempotency-Key: " + UUID.randomUUID(), "Content-Type: application/json",
          "Transfer-Encoding: chunked") + Integer.toHexString(body.length()) + "\r\n" + body
          + "\r\n0\r\n\r\n").response();
      assertThat(response).startsWith("HTTP/1.1 200");
      assertThat(http.send(request("GET /healthz")).response()).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void silentConnection_isClosed() throws IOException {
    try (RawHttp http = new RawHttp(gw.port())) {
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void keptAliveConnection_leftSilent_isClosed() throws IOException {
    try (RawHttp http = new RawHttp(gw.port())) {
      assertThat(http.send(request("GET /healthz")).response()).startsWith("HTTP/1.1 200");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void slowHeaders_oneByteAtATime_areCutOff() throws Exception {
    try (RawHttp http = new RawHttp(gw.port())) {
      http.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n");
      // A header byte every 100 ms keeps the idle timer from ever firing; 30 s of them.
      boolean cut = false;
      for (int i = 0; i < 300 && !cut; i++) {
        Thread.sleep(100);
        try {
          http.send("X");
        } catch (IOException closed) {
          cut = true;
        }
      }
      assertThat(cut || http.closedByServer()).as("closed before the head was complete")
          .isTrue();
    }
  }

  @Test
  void cleartextHttp2_whenConfigured_isOffered() throws IOException {
    try (TestGateway h2c = TestGateway.on(db).env("FOODLENS_HTTP_H2C", "true").start();
        RawHttp http = new RawHttp(h2c.port())) {
      String response = http.send(request("GET /healthz", "Connection: Upgrade, HTTP2-Settings",
          "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA")).response();
      assertThat(response).startsWith("HTTP/1.1 101");
    }
  }

  @Test
  void cleartextHttp2Upgrade_isNotOffered() throws IOException {
    try (RawHttp http = new RawHttp(gw.port())) {
      String response = http.send(request("GET /healthz", "Connection: Upgrade, HTTP2-Settings",
          "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA")).response();
      assertThat(response).startsWith("HTTP/1.1 200");
    }
  }
}
