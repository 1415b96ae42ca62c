package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/** Contract §1: no input a client can send produces a 5xx. */
class NoServerErrorProperties {
  static TestDatabase db;
  static TestGateway gw;

  @BeforeContainer
  static void start() {
    db = TestDatabase.create(NoServerErrorProperties.class);
    gw = TestGateway.on(db).start();
  }

  @AfterContainer
  static void stop() {
    gw.close();
    db.close();
  }

  record Attempt(HttpMethod method, String path, Map<String, String> headers, String body) {}

  @Property(tries = 1000)
  void anyRequest_neverGets5xx(@ForAll("attempts") Attempt attempt) {
    HttpRequest<Buffer> request = gw.request(attempt.method(), attempt.path());
    attempt.headers().forEach(request::putHeader);
    HttpResponse<Buffer> r = request.sendBuffer(Buffer.buffer(attempt.body())).await();
    Statistics.collect(r.statusCode());
    assertThat(r.statusCode()).as("%s", attempt).isLessThan(500);
    if (r.statusCode() >= 400) {
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
  }

  @Provide
  Arbitrary<Attempt> attempts() {
    Arbitrary<HttpMethod> methods = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(HttpMethod.PATCH)),
        Tuple.of(4, Arbitraries.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.DELETE)));
    Arbitrary<String> paths = Arbitraries.frequencyOf(
        Tuple.of(7, Arbitraries.of("/me/profile", "/me/settings")),
        Tuple.of(3, Arbitraries.of("/me/history", "/me/sync/push", "/me/migrate",
            "/me/allergies", "/me/allergies/pea%00nut", "/me/history/%00",
            "/admin/users/a%00b/sync-state", "/admin/users/%ED%A0%80/sync-state",
            "/me/sync?since=%00", "/me/history?cursor=%00")),
        Tuple.of(3, Arbitraries.of("/me/profile/", "/me/%2e%2e/admin", "/me/profile?x=1", "/me",
            "/", "/me/settings;jsessionid=1")));
    return Combinators.combine(methods, paths, headers(), bodies()).as(Attempt::new);
  }

  private Arbitrary<Map<String, String>> headers() {
    String user = TestTokens.user("fuzz");
    // Mostly well-formed envelopes, so most bodies get past the edge and reach the ledger.
    Arbitrary<String> auth = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.just("Bearer " + user)),
        Tuple.of(1, Arbitraries.just("Bearer " + TestTokens.admin("fuzz-admin"))),
        Tuple.of(1, Arbitraries.of("Bearer x.y.z", "Bearer", "Basic Zm9vOmJhcg==",
            "Bearer e30.e30.x", "Bearer e30.e30.")),
        Tuple.of(1, Arbitraries.just("Bearer " + TestTokens.unsigned(TestTokens.claims("f")))),
        Tuple.of(3, confusedClaims().map(claims -> "Bearer "
            + TestTokens.hs256(claims, TestTokens.SECRET))));
    Arbitrary<String> key = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.create(() -> java.util.UUID.randomUUID().toString())),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(40)),
        Tuple.of(1, Arbitraries.just("00000000-0000-0000-0000-000000000000")));
    Arbitrary<String> type = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of("application/json", "application/json; charset=utf-8")),
        Tuple.of(2, Arbitraries.of("text/plain", "application/merge-patch+json",
            "application/xml", "", "*/*")));
    Arbitrary<String> token = Arbitraries.strings().ofMaxLength(140);
    Arbitrary<String> device = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of("phone-1", "tablet.2", "d_3")),
        Tuple.of(2, token));
    return Combinators.combine(auth, key, type, device, token).as((a, k, t, d, e) -> {
      Map<String, String> h = new java.util.LinkedHashMap<>();
      h.put("Authorization", a);
      h.put("Idempotency-Key", ascii(k));
      h.put("Content-Type", t);
      h.put("X-Device-Id", ascii(d));
      h.put("If-None-Match", ascii(e));
      return h;
    });
  }

  /**
   * Signed claims JSON whose registered claims have the wrong type or hold text Postgres cannot
   * store: every one of them must be a 401, never a 500.
   */
  private static Arbitrary<String> confusedClaims() {
    long exp = java.time.Instant.now().getEpochSecond() + 3600;
    Arbitrary<String> odd = Arbitraries.of("\"0\"", "\"" + exp + "\"", "[" + exp + "]", "{}",
        "null", "true", "-1", "1e400", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"",
        "[\"foodlens-admin\", 1]", "\"foodlens-admin\"");
    Arbitrary<String> claim = Arbitraries.of("sub", "exp", "nbf", "iat", "aud", "roles", "iss");
    return Combinators.combine(claim, odd).as((name, value) -> {
      java.util.Map<String, String> claims = new java.util.LinkedHashMap<>(java.util.Map.of(
          "sub", "\"fuzz\"", "aud", "\"" + TestTokens.AUDIENCE + "\"", "exp", "" + exp));
      claims.put(name, value);
      return claims.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
          .collect(java.util.stream.Collectors.joining(",", "{", "}"));
    });
  }

  private static String ascii(String s) {
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** A JSON string literal holding U+0000 or an unpaired surrogate somewhere. */
  private static Arbitrary<String> unstorable() {
    Arbitrary<String> bad = Arbitraries.of("\\u0000", "\\ud800", "\\udbff", "\\udc00",
        "\\udfff\\ud800");
    Arbitrary<String> text = Arbitraries.strings().alpha().ofMaxLength(5);
    return Combinators.combine(text, bad, text).as((a, b, c) -> "\"" + a + b + c + "\"");
  }

  private Arbitrary<String> bodies() {
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.of("null", "true", "1", "-0", "1e999999", "123456789012345678901234567890",
            "1990.5", "\"\"", "\"x\"", "[]", "{}", "\"https://a.b/c\"", "\"\\u0000\"",
            "\"pt-BR\"", "2000", "{\"a\":[1,{\"b\":null}]}"),
        unstorable(),
        Arbitraries.strings().ofMaxLength(30).map(s -> "\"" + s.replace("\\", "\\\\")
            .replace("\"", "\\\"") + "\""));
    Arbitrary<String> field = Arbitraries.of("displayName", "locale", "dietType", "avatarUrl",
        "birthYear", "units", "theme", "language", "notifications.scanReminders", "strictMode",
        "", "__proto__", "x".repeat(300));
    Arbitrary<String> fields = Combinators.combine(Arbitraries.oneOf(field,
        unstorable().map(u -> u.substring(1, u.length() - 1))), value)
        .as((f, v) -> "\"" + f + "\":" + v)
        .list().ofMaxSize(6).map(l -> "{" + String.join(",", l) + "}");
    Arbitrary<String> history = Combinators.combine(
        Arbitraries.of("note", "barcode", "productName", "verdict", "id", "scannedAt"), value)
        .as((f, v) -> "{\"id\":\"" + java.util.UUID.randomUUID() + "\",\"scannedAt\":"
            + "\"2026-11-24T10:00:00Z\",\"verdict\":\"safe\",\"allergensDetected\":[],\""
            + f + "\":" + v + "}");
    Arbitrary<String> push = Combinators.combine(history, value, unstorable())
        .as((h, v, u) -> "{\"deviceId\":\"d\",\"ops\":[{\"opId\":\""
            + java.util.UUID.randomUUID() + "\",\"entity\":\"history\",\"action\":\"create\","
            + "\"clientTs\":\"2026-11-24T10:00:00Z\",\"payload\":" + h + "},{\"opId\":\""
            + java.util.UUID.randomUUID() + "\",\"entity\":" + u + ",\"action\":" + v
            + ",\"target\":" + u + ",\"clientTs\":\"2026-11-24T10:00:00Z\"}]}");
    Arbitrary<String> migrate = Combinators.combine(history, fields)
        .as((h, f) -> "{\"source\":\"legacy-v1\",\"deviceId\":\"d\",\"complete\":false,"
            + "\"records\":{\"profile\":" + f + ",\"history\":[" + h + "],\"allergies\":[{"
            + "\"allergen\":\"pea\\u0000nut\"}]}}");
    return Arbitraries.frequencyOf(Tuple.of(6, fields.map(f -> "{\"fields\":" + f + "}")),
        Tuple.of(3, Arbitraries.oneOf(history, push, migrate)),
        Tuple.of(4, Arbitraries.oneOf(
        fields,
        Arbitraries.of("", "{", "}", "[", "{\"fields\":", "null", "{\"fields\":null}",
            "{\"fields\":[]}", "[".repeat(5000) + "]".repeat(5000),
            "{\"fields\":{\"displayName\":\"\\ud800\"}}", "\u0000", "{\"a\":1,\"a\":2}"),
        Arbitraries.strings().ofMaxLength(60))));
  }

}
