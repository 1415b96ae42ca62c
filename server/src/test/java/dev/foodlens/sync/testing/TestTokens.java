package dev.foodlens.sync.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
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

  /** An RS256 (RSA key) or ES256 (EC key) token whose header names {@code kid}. */
  public static String signed(JsonObject claims, PrivateKey key, String kid) {
    boolean ec = key instanceof ECPrivateKey;
    String signingInput = part(new JsonObject().put("alg", ec ? "ES256" : "RS256")
        .put("typ", "JWT").put("kid", kid)) + "." + part(claims);
    try {
      // JOSE wants the EC signature as R || S, not the JDK's default DER
      Signature signature = Signature.getInstance(ec ? "SHA256withECDSAinP1363Format"
          : "SHA256withRSA");
      signature.initSign(key);
      signature.update(signingInput.getBytes(UTF_8));
      return signingInput + "." + b64(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWK of an RSA or P-256 key, named {@code kid}, as an identity provider has it. */
  public static JsonObject jwk(PublicKey key, String kid) {
    JsonObject jwk = new JsonObject().put("kid", kid).put("use", "sig");
    if (key instanceof ECPublicKey ec) {
      return jwk.put("kty", "EC").put("crv", "P-256").put("alg", "ES256")
          .put("x", b64(unsigned(ec.getW().getAffineX(), 32)))
          .put("y", b64(unsigned(ec.getW().getAffineY(), 32)));
    }
    RSAPublicKey rsa = (RSAPublicKey) key;
    return jwk.put("kty", "RSA").put("alg", "RS256")
        .put("n", b64(unsigned(rsa.getModulus(), 0)))
        .put("e", b64(unsigned(rsa.getPublicExponent(), 0)));
  }

  /** Big-endian without the sign byte, left-padded to {@code length} bytes when that is set. */
  private static byte[] unsigned(BigInteger n, int length) {
    byte[] bytes = n.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (bytes.length >= length) {
      return bytes;
    }
    byte[] padded = new byte[length];
    System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
    return padded;
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

  /** A P-256 key pair, for ES256. */
  public static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
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
