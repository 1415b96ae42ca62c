package dev.foodlens.sync.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The keys that verify bearer tokens and the algorithms they pin (contract §2): HS256 with the
 * shared secret, RS256/ES256 with public keys from a PEM file or a JWKS file. With no key at all
 * {@code vertx-auth-jwt} would accept unsigned tokens, so {@link #of} refuses that.
 */
public record TokenKeys(JWTAuthOptions options, Set<String> algorithms) {
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----", Pattern.DOTALL);
  private static final Set<String> ASYMMETRIC = Set.of("RS256", "ES256");

  /**
   * Keys from an HMAC secret and/or the text of a public-key file (PEM blocks, or a JWKS
   * document whose keys each name {@code alg}).
   */
  public static TokenKeys of(@Nullable String hmacSecret, @Nullable String publicKeyFile) {
    JWTAuthOptions options = new JWTAuthOptions();
    Set<String> algorithms = new LinkedHashSet<>();
    if (hmacSecret != null) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(hmacSecret));
      algorithms.add("HS256");
    }
    if (publicKeyFile != null) {
      if (publicKeyFile.stripLeading().startsWith("{")) {
        addJwks(options, algorithms, new JsonObject(publicKeyFile));
      } else {
        addPem(options, algorithms, publicKeyFile);
      }
    }
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("no token key configured: set auth.hmacSecret "
          + "(FOODLENS_AUTH_HMAC_SECRET) or auth.publicKeys (FOODLENS_AUTH_PUBLIC_KEYS)");
    }
    return new TokenKeys(options, Set.copyOf(algorithms));
  }

  private static void addJwks(JWTAuthOptions options, Set<String> algorithms, JsonObject jwks) {
    JsonArray keys = jwks.getJsonArray("keys");
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("the JWKS file has no keys");
    }
    for (Object key : keys) {
      JsonObject jwk = (JsonObject) key;
      String alg = jwk.getString("alg");
      if (!ASYMMETRIC.contains(alg)) {
        throw new IllegalArgumentException("every JWKS key must name alg RS256 or ES256, got "
            + alg);
      }
      options.addJwk(jwk);
      algorithms.add(alg);
    }
  }

  private static void addPem(JWTAuthOptions options, Set<String> algorithms, String text) {
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      String alg = algorithmOf(m.group(1));
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(alg).setBuffer(m.group()));
      algorithms.add(alg);
    }
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("the public key file holds no PEM public key");
    }
  }

  /** RS256 for an RSA key, ES256 for an EC key: the key's type pins its algorithm. */
  private static String algorithmOf(String base64) {
    byte[] der = Base64.getMimeDecoder().decode(base64.strip());
    for (String[] candidate : new String[][] {{"RSA", "RS256"}, {"EC", "ES256"}}) {
      try {
        KeyFactory.getInstance(candidate[0]).generatePublic(new X509EncodedKeySpec(der));
        return candidate[1];
      } catch (java.security.GeneralSecurityException e) {
        // not this key type; try the next one
      }
    }
    throw new IllegalArgumentException("a PEM public key is neither RSA nor EC");
  }
}
