package dev.foodlens.sync.app;

import dev.foodlens.sync.http.Keyring;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.impl.jose.JWK;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The keys that verify bearer tokens and the algorithms they pin (contract §2): HS256 with the
 * shared secret, RS256/ES256 with public keys from a PEM file or a JWKS file, and RS256/ES256
 * with the keys fetched from {@code auth.jwksUrl} ({@link #withFetched}). With no key at all
 * {@code vertx-auth-jwt} would accept unsigned tokens, so {@link #of} refuses that, and a
 * fetched key set is never empty. Immutable.
 */
public record TokenKeys(List<PubSecKeyOptions> secrets, List<JsonObject> jwks,
    Set<String> algorithms) {
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----", Pattern.DOTALL);
  private static final Set<String> ASYMMETRIC = Set.of("RS256", "ES256");

  public TokenKeys {
    secrets = List.copyOf(secrets);
    jwks = List.copyOf(jwks);
    algorithms = Set.copyOf(algorithms);
  }

  /**
   * Keys from an HMAC secret and/or the text of a public-key file (PEM blocks, or a JWKS
   * document whose keys each name {@code alg}); at least one.
   */
  public static TokenKeys of(@Nullable String hmacSecret, @Nullable String publicKeyFile) {
    TokenKeys keys = besideJwksUrl(hmacSecret, publicKeyFile);
    if (keys.algorithms.isEmpty()) {
      throw new IllegalArgumentException("no token key configured: set auth.jwksUrl "
          + "(FOODLENS_AUTH_JWKS_URL), auth.publicKeys (FOODLENS_AUTH_PUBLIC_KEYS) or "
          + "auth.hmacSecret (FOODLENS_AUTH_HMAC_SECRET)");
    }
    return keys;
  }

  /** As {@link #of}, but possibly none: the identity provider's keys are still to come. */
  static TokenKeys besideJwksUrl(@Nullable String hmacSecret, @Nullable String publicKeyFile) {
    List<PubSecKeyOptions> secrets = new ArrayList<>();
    List<JsonObject> jwks = new ArrayList<>();
    Set<String> algorithms = new LinkedHashSet<>();
    if (hmacSecret != null) {
      secrets.add(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(hmacSecret));
      algorithms.add("HS256");
    }
    if (publicKeyFile != null) {
      if (publicKeyFile.stripLeading().startsWith("{")) {
        addJwks(jwks, algorithms, new JsonObject(publicKeyFile));
      } else {
        addPem(secrets, algorithms, publicKeyFile);
      }
    }
    return new TokenKeys(secrets, jwks, algorithms);
  }

  /**
   * These keys and {@code fetched} (usable keys of the identity provider's JWKS, {@link
   * #usable}). RS256 and ES256 are both pinned, whichever the provider publishes now, so a token
   * signed with a key of the other kind that it adds later can ask for it by {@code kid}.
   */
  TokenKeys withFetched(List<JsonObject> fetched) {
    List<JsonObject> all = new ArrayList<>(jwks);
    all.addAll(fetched);
    Set<String> pinned = new LinkedHashSet<>(algorithms);
    pinned.addAll(ASYMMETRIC);
    return new TokenKeys(secrets, all, pinned);
  }

  /** The options for a provider holding these keys (and nothing more: no claim checks). */
  public JWTAuthOptions options() {
    JWTAuthOptions options = new JWTAuthOptions();
    secrets.forEach(options::addPubSecKey);
    jwks.forEach(options::addJwk);
    return options;
  }

  /**
   * What {@code Authn} verifies with: a provider holding these keys that also checks the
   * audience, the issuer (when configured) and the token's lifetime with the leeway.
   */
  public Keyring.Verifier verifier(Vertx vertx, AppConfig.Auth auth) {
    JWTOptions claims = new JWTOptions().setAudience(List.of(auth.audience()))
        .setLeeway((int) auth.leeway().toSeconds());
    if (auth.issuer() != null) {
      claims.setIssuer(auth.issuer());
    }
    Set<String> kids = new LinkedHashSet<>();
    for (JsonObject jwk : jwks) {
      if (jwk.getValue("kid") instanceof String kid) {
        kids.add(kid);
      }
    }
    return new Keyring.Verifier(JWTAuth.create(vertx, options().setJWTOptions(claims)),
        algorithms, kids);
  }

  /**
   * The keys of an identity provider's JWKS document that can verify tokens here: for signing
   * ({@code use} absent or {@code sig}), with a {@code kid}, RS256 or ES256 (named by {@code
   * alg}, or implied by an RSA key or an EC key on P-256), and parsed by the library's own JWK
   * reader, so that a key it would skip is not counted as held. Others are skipped; each
   * returned key names its {@code alg}. Throws when the document holds no usable key.
   */
  static List<JsonObject> usable(JsonObject document) {
    if (!(document.getValue("keys") instanceof JsonArray keys)) {
      throw new IllegalArgumentException("the JWKS document has no keys array");
    }
    List<JsonObject> usable = new ArrayList<>();
    for (Object key : keys) {
      String alg = key instanceof JsonObject jwk ? signingAlgorithm(jwk) : null;
      if (alg != null && key instanceof JsonObject jwk
          && jwk.getValue("kid") instanceof String kid && !kid.isEmpty()
          && (jwk.getValue("use") == null || "sig".equals(jwk.getValue("use")))) {
        JsonObject named = jwk.copy().put("alg", alg);
        try {
          new JWK(named);
          usable.add(named);
        } catch (RuntimeException unreadable) {
          // the library would skip it too
        }
      }
    }
    if (usable.isEmpty()) {
      throw new IllegalArgumentException("the JWKS document holds no RS256 or ES256 signing key "
          + "with a kid");
    }
    return usable;
  }

  private static @Nullable String signingAlgorithm(JsonObject jwk) {
    Object alg = jwk.getValue("alg");
    if (alg != null) {
      return alg instanceof String named && ASYMMETRIC.contains(named) ? named : null;
    }
    if ("RSA".equals(jwk.getValue("kty"))) {
      return "RS256";
    }
    return "EC".equals(jwk.getValue("kty")) && "P-256".equals(jwk.getValue("crv")) ? "ES256"
        : null;
  }

  private static void addJwks(List<JsonObject> jwks, Set<String> algorithms, JsonObject file) {
    JsonArray keys = file.getJsonArray("keys");
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
      jwks.add(jwk);
      algorithms.add(alg);
    }
  }

  private static void addPem(List<PubSecKeyOptions> secrets, Set<String> algorithms,
      String text) {
    Matcher m = PEM.matcher(text);
    int found = 0;
    while (m.find()) {
      String alg = algorithmOf(m.group(1));
      secrets.add(new PubSecKeyOptions().setAlgorithm(alg).setBuffer(m.group()));
      algorithms.add(alg);
      found++;
    }
    if (found == 0) {
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
