package dev.foodlens.sync.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.foodlens.sync.app.EcsLineEncoder;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The access line as the shipped encoder writes it: Elastic Common Schema names, the problem
 * type of every error answer, and the route template of a request refused before its route ran.
 */
class EcsLogTest {
  static TestDatabase db;
  static TestGateway gw;
  static final Logger ACCESS = (Logger) LoggerFactory.getLogger("foodlens.access");
  static final EcsLineEncoder ENCODER = new EcsLineEncoder();
  final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeAll
  static void start() {
    db = TestDatabase.create(EcsLogTest.class);
    gw = TestGateway.on(db).env("FOODLENS_LIMITS_USER_RATE", "1")
        .env("FOODLENS_LIMITS_USER_BURST", "2").start();
    ENCODER.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    ENCODER.setServiceName("foodlens-sync");
    ENCODER.start();
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  @BeforeEach
  void capture() {
    lines.start();
    ACCESS.setLevel(Level.INFO);
    ACCESS.setAdditive(false);
    ACCESS.addAppender(lines);
  }

  @AfterEach
  void release() {
    ACCESS.detachAppender(lines);
    ACCESS.setLevel(null);
    ACCESS.setAdditive(true);
  }

  /** The encoded access line of the request with this id, once the server has finished it. */
  private JsonObject line(HttpResponse<Buffer> response) throws InterruptedException {
    String id = response.getHeader("X-Request-Id");
    for (int i = 0; i < 100; i++) {
      for (ILoggingEvent event : List.copyOf(lines.list)) {
        JsonObject json = new JsonObject(new String(ENCODER.encode(event), UTF_8));
        if (id.equals(json.getString("http.request.id"))) {
          return json;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no access line for " + id);
  }

  @Test
  void anAnsweredRequest_inEcsNames() throws Exception {
    String user = "u-" + UUID.randomUUID();
    HttpResponse<Buffer> r = gw.get("/me/profile", TestTokens.user(user));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject line = line(r);
    assertThat(line.getString("@timestamp")).isNotBlank();
    assertThat(line.getString("log.level")).isEqualTo("INFO");
    assertThat(line.getString("log.logger")).isEqualTo("foodlens.access");
    assertThat(line.getString("message")).isEqualTo("request");
    assertThat(line.getString("service.name")).isEqualTo("foodlens-sync");
    assertThat(line.getString("http.request.method")).isEqualTo("GET");
    assertThat(line.getString("http.route")).isEqualTo("/me/profile");
    assertThat(line.getValue("http.response.status_code")).isEqualTo(200);
    assertThat(line.getString("user.id")).isEqualTo(user);
    assertThat(line.getLong("event.duration")).isPositive();
    assertThat(line.getString("foodlens.ledger")).isEqualTo("none");
    assertThat(line.containsKey("error.type")).isFalse();
    assertThat(line.encode()).doesNotContain("Bearer").doesNotContain("\"ts\"");
  }

  @Test
  void errorAnswers_carryTheirProblemType_andTheRouteTheyWereFor() throws Exception {
    HttpResponse<Buffer> anonymous = gw.request(HttpMethod.GET, "/me/settings").send().await();
    JsonObject unauthorized = line(anonymous);
    assertThat(unauthorized.getString("error.type")).isEqualTo("unauthorized");
    assertThat(unauthorized.getString("http.route")).isEqualTo("/me/settings");

    HttpResponse<Buffer> nowhere = gw.get("/me/nowhere", TestTokens.user("a"));
    assertThat(line(nowhere).getString("error.type")).isEqualTo("not-found");
    assertThat(line(nowhere).getString("http.route")).isEqualTo("unmatched");

    String token = TestTokens.user("u-" + UUID.randomUUID());
    HttpResponse<Buffer> limited = null;
    for (int i = 0; i < 5 && (limited == null || limited.statusCode() != 429); i++) {
      limited = gw.get("/me/history", token);
    }
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(line(limited).getString("error.type")).isEqualTo("rate-limited");
    assertThat(line(limited).getString("http.route")).isEqualTo("/me/history");

    String admin = TestTokens.admin("ops");
    assertThat(gw.write(HttpMethod.PUT, "/admin/toggles", admin, UUID.randomUUID(),
        "{\"writesPaused\":true}").statusCode()).isEqualTo(200);
    try {
      HttpResponse<Buffer> paused = gw.patch("/me/profile", TestTokens.user("b"),
          "{\"fields\":{\"displayName\":\"B\"}}");
      assertThat(paused.statusCode()).isEqualTo(503);
      JsonObject line = line(paused);
      assertThat(line.getString("error.type")).isEqualTo("writes-paused");
      assertThat(line.getString("http.route")).as("refused before routing, still named")
          .isEqualTo("/me/profile");
      assertThat(gw.metricReaching("vertx_http_server_requests_total", java.util.Map.of(
          "route", "/me/profile", "method", "PATCH", "code", "503"), 1)).isEqualTo(1);
    } finally {
      gw.write(HttpMethod.PUT, "/admin/toggles", admin, UUID.randomUUID(),
          "{\"writesPaused\":false}");
    }
  }
}
