package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foodlens.sync.app.Gateway;
import dev.foodlens.sync.app.TokenKeys;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.store.WriteHooks;
import dev.foodlens.sync.testing.MutableClock;
import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Contract §2 against three gateways: HS256 (dev), RS256 from PEM, RS256 from JWKS. */
class AuthTest {
  static TestDatabase db;
  static TestGateway hs;
  static TestGateway rsPem;
  static TestGateway rsJwks;
  static KeyPair rsa = TestTokens.rsaKeyPair();
  static String pem = TestTokens.pem(rsa.getPublic());

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create(AuthTest.class);
    hs = TestGateway.on(db).env("FOODLENS_HTTP_INSTANCES", "1").start();
    Path pemFile = Files.createTempFile("foodlens-key", ".pem");
    Files.writeString(pemFile, pem);
    rsPem = TestGateway.on(db).env("FOODLENS_HTTP_INSTANCES", "1")
        .env("FOODLENS_AUTH_HMAC_SECRET", "")
        .env("FOODLENS_AUTH_PUBLIC_KEYS", pemFile.toString())
        .env("FOODLENS_AUTH_ISSUER", "https://id.foodlens.dev").start();
    Path jwksFile = Files.createTempFile("foodlens-jwks", ".json");
    Files.writeString(jwksFile, jwks((RSAPublicKey) rsa.getPublic()).encode());
    rsJwks = TestGateway.on(db).env("FOODLENS_HTTP_INSTANCES", "1")
        .env("FOODLENS_AUTH_HMAC_SECRET", "")
        .env("FOODLENS_AUTH_PUBLIC_KEYS", jwksFile.toString()).start();
  }

  @AfterAll
  static void stop() {
    hs.close();
    rsPem.close();
    rsJwks.close();
    db.close();
  }

  static JsonObject jwks(RSAPublicKey key) {
    return new JsonObject().put("keys", new JsonArray().add(new JsonObject()
        .put("kty", "RSA").put("alg", "RS256").put("use", "sig").put("kid", "k1")
        .put("n", b64(key.getModulus())).put("e", b64(key.getPublicExponent()))));
  }

  static String b64(BigInteger n) {
    byte[] bytes = n.toByteArray();
    if (bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static void assertUnauthorized(HttpResponse<Buffer> r) {
    ErrorTableTest.assertProblem(r, 401, "unauthorized");
    assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void validHs256Token_isAccepted() {
    assertThat(hs.get("/me/profile", TestTokens.user("alice")).statusCode()).isEqualTo(200);
  }

  @Test
  void missingToken_isRejected() {
    assertUnauthorized(hs.request(io.vertx.core.http.HttpMethod.GET, "/me/profile").send()
        .await());
  }

  @Test
  void unsignedAlgNone_isRejected() {
    assertUnauthorized(hs.get("/me/profile", TestTokens.unsigned(TestTokens.claims("alice"))));
  }

  @Test
  void wrongKey_isRejected() {
    assertUnauthorized(hs.get("/me/profile",
        TestTokens.hs256(TestTokens.claims("alice"), "another-secret-another-secret-another!")));
  }

  @Test
  void expiredToken_isRejected() {
    long past = java.time.Instant.now().getEpochSecond() - 3600;
    assertUnauthorized(hs.get("/me/profile",
        TestTokens.hs256(TestTokens.claims("alice").put("exp", past), TestTokens.SECRET)));
  }

  static void assertUnauthorized(HttpResponse<Buffer> r, String detail) {
    assertUnauthorized(r);
    assertThat(r.bodyAsJsonObject().getString("detail")).isEqualTo(detail);
  }

  /** The library checks the audience; its refusal keeps the contract's detail. */
  @Test
  void wrongOrMissingAudience_isRejected() {
    String detail = "the token is not meant for this audience";
    assertUnauthorized(hs.get("/me/profile",
        TestTokens.hs256(TestTokens.claims("alice").put("aud", "other"), TestTokens.SECRET)),
        detail);
    assertUnauthorized(hs.get("/me/profile", TestTokens.hs256(TestTokens.claims("alice")
        .put("aud", new JsonArray().add("other").add("another")), TestTokens.SECRET)), detail);
    JsonObject noAud = TestTokens.claims("alice");
    noAud.remove("aud");
    assertUnauthorized(hs.get("/me/profile", TestTokens.hs256(noAud, TestTokens.SECRET)), detail);
    assertThat(hs.get("/me/profile", TestTokens.hs256(TestTokens.claims("alice")
        .put("aud", new JsonArray().add("other").add("foodlens")), TestTokens.SECRET))
        .statusCode()).as("an array holding the audience").isEqualTo(200);
  }

  /** Lifetimes are the library's, with {@code auth.leeway} (5 s) either side. */
  @Test
  void lifetime_isCheckedWithTheLeeway() {
    long now = java.time.Instant.now().getEpochSecond();
    assertThat(hs.get("/me/profile", TestTokens.hs256(TestTokens.claims("alice")
        .put("exp", now - 1), TestTokens.SECRET)).statusCode()).as("expired, within leeway")
        .isEqualTo(200);
    assertUnauthorized(hs.get("/me/profile", TestTokens.hs256(TestTokens.claims("alice")
        .put("exp", now - 60), TestTokens.SECRET)),
        "the token's signature or lifetime is not valid");
    assertUnauthorized(hs.get("/me/profile", TestTokens.hs256(TestTokens.claims("alice")
        .put("nbf", now + 60), TestTokens.SECRET)),
        "the token's signature or lifetime is not valid");
  }

  @Test
  void missingSubOrExp_isRejected() {
    JsonObject noSub = TestTokens.claims("alice");
    noSub.remove("sub");
    assertUnauthorized(hs.get("/me/profile", TestTokens.hs256(noSub, TestTokens.SECRET)));
    JsonObject noExp = TestTokens.claims("alice");
    noExp.remove("exp");
    assertUnauthorized(hs.get("/me/profile", TestTokens.hs256(noExp, TestTokens.SECRET)));
    assertUnauthorized(hs.get("/me/profile",
        TestTokens.hs256(TestTokens.claims("x".repeat(129)), TestTokens.SECRET)));
  }

  @Test
  void garbageTokens_areRejected() {
    for (String token : new String[] {"x", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9.."}) {
      assertUnauthorized(hs.get("/me/profile", token));
    }
    for (String header : new String[] {"Bearer ", "Basic YWxpY2U6eA==", "bearer"}) {
      assertUnauthorized(hs.request(io.vertx.core.http.HttpMethod.GET, "/me/profile")
          .putHeader("Authorization", header).send().await());
    }
  }

  @Test
  void rs256FromPem_isAccepted_withConfiguredIssuer() {
    JsonObject claims = TestTokens.claims("alice").put("iss", "https://id.foodlens.dev");
    assertThat(rsPem.get("/me/profile", TestTokens.rs256(claims, rsa.getPrivate())).statusCode())
        .isEqualTo(200);
    assertUnauthorized(rsPem.get("/me/profile", TestTokens.rs256(
        TestTokens.claims("alice").put("iss", "https://evil.example"), rsa.getPrivate())),
        "the token's issuer is not accepted");
    assertUnauthorized(rsPem.get("/me/profile", TestTokens.rs256(TestTokens.claims("alice"),
        rsa.getPrivate())), "the token's issuer is not accepted");
  }

  @Test
  void hs256TokenOnRs256Gateway_isRejected_evenSignedWithThePublicKey() {
    JsonObject claims = TestTokens.claims("alice").put("iss", "https://id.foodlens.dev");
    assertUnauthorized(rsPem.get("/me/profile", TestTokens.hs256(claims, TestTokens.SECRET)));
    assertUnauthorized(rsPem.get("/me/profile", TestTokens.hs256(claims, pem)));
  }

  @Test
  void rs256FromJwks_isAccepted_otherKeysAreNot() {
    assertThat(rsJwks.get("/me/profile",
        TestTokens.rs256(TestTokens.claims("alice"), rsa.getPrivate())).statusCode())
        .isEqualTo(200);
    assertUnauthorized(rsJwks.get("/me/profile", TestTokens.rs256(TestTokens.claims("alice"),
        TestTokens.rsaKeyPair().getPrivate())));
  }

  @Test
  void aTokenVerifiedBefore_isStillRefusedOnceItExpires() {
    MutableClock clock = MutableClock.now();
    try (TestGateway gw = TestGateway.on(db).env("FOODLENS_HTTP_INSTANCES", "1")
        .seams(new Gateway.Seams(HybridClock.system(), clock, WriteHooks.NONE)).start()) {
      String token = TestTokens.hs256(TestTokens.claims("alice")
          .put("exp", clock.instant().getEpochSecond() + 60), TestTokens.SECRET);
      assertThat(gw.get("/me/profile", token).statusCode()).isEqualTo(200);
      assertThat(gw.get("/me/profile", token).statusCode()).isEqualTo(200);
      clock.advance(Duration.ofHours(1));
      assertUnauthorized(gw.get("/me/profile", token));
    }
  }

  @Test
  void noKeyConfigured_refusesToStart() {
    assertThatThrownBy(() -> TokenKeys.of(null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no token key");
  }
}
