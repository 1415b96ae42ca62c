package dev.foodlens.sync.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.time.Duration;
import java.util.List;

/**
 * HS256 tokens signed with the development secret, shaped as the gateway requires (sub, exp, the
 * configured audience and issuer), for {@code token} and {@code demo}. Thread-safe.
 */
final class DevTokens {
  private final JWTAuth jwt;
  private final AppConfig.Auth auth;

  DevTokens(JWTAuth jwt, AppConfig.Auth auth) {
    this.jwt = jwt;
    this.auth = auth;
  }

  String mint(String sub, boolean admin, Duration ttl) {
    JsonObject claims = new JsonObject();
    if (admin) {
      claims.put("roles", new JsonArray().add("foodlens-admin"));
    }
    JWTOptions options = new JWTOptions().setAlgorithm("HS256").setSubject(sub)
        .setAudience(List.of(auth.audience())).setExpiresInSeconds((int) ttl.toSeconds());
    if (auth.issuer() != null) {
      options.setIssuer(auth.issuer());
    }
    return jwt.generateToken(claims, options);
  }
}
