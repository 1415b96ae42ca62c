package dev.foodlens.sync.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-made JWTs, good and deliberately bad, signed with plain JDK crypto so the tests do not
 * trust the library they are testing.
 */
public final class TestTokens {
  public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";
  public static final String AUDIENCE = "foodlens";

  private TestTokens() {}

  public static JsonObject claims(String sub) {
    return new JsonObject().put("sub", sub).put("aud", AUDIENCE)
        .put("exp", Instant.now().getEpochSecond() + 3600);
  }

  public static String user(String sub) {
    return hs256(claims(sub), SECRET);
  }

  public static String admin(String sub) {
    return hs256(claims(sub).put("roles", new JsonArray().add("foodlens-admin")), SECRET);
  }

  public static String hs256(JsonObject claims, String secret) {
    return hs256(claims.encode(), secret);
  }

  /** Signs claims given as JSON text, which may hold what {@code JsonObject} cannot encode. */
  public static String hs256(String claimsJson, String secret) {
    String signingInput = part(new JsonObject().put("alg", "HS256").put("typ", "JWT"))
        + "." + b64(claimsJson.getBytes(UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
      return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String rs256(JsonObject claims, PrivateKey key) {
    String signingInput = part(new JsonObject().put("alg", "RS256").put("typ", "JWT"))
        + "." + part(claims);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(signingInput.getBytes(UTF_8));
      return signingInput + "." + b64(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unsigned token ({@code alg: none}), which must never be accepted. */
  public static String unsigned(JsonObject claims) {
    return part(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + part(claims) + ".";
  }

  public static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static String part(JsonObject json) {
    return b64(json.encode().getBytes(UTF_8));
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
