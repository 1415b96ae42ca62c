package dev.foodlens.sync.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.foodlens.sync.model.StorableText;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Bearer-token authentication exactly as contract §2. {@code vertx-auth-jwt} checks the
 * signature (and {@code exp}/{@code nbf} when present); this class pins the algorithms before it
 * and requires {@code sub}, {@code exp} and the audience after it, because the library accepts
 * tokens without them.
 */
public final class Authn {
  static final String USER_ID = "userId";
  static final String ADMIN = "admin";
  private static final String ADMIN_ROLE = "foodlens-admin";
  /**
   * Heap for the tokens kept verified per instance: about one per active device, 20,000 of
   * 800 bytes. Weighed by size, because a token is as long as its issuer makes it (up to the
   * 8 KB header limit), so a count would not bound the bytes.
   */
  static final long VERIFIED_TOKEN_BYTES = 16L << 20;

  private final JWTAuth jwt;
  private final Set<String> algorithms;
  private final String audience;
  private final @Nullable String issuer;
  private final Clock clock;
  private final long leewaySeconds;
  private final Admission admission;
  private final Cache<String, Verified> checkedTokens = Caffeine.newBuilder()
      .maximumWeight(VERIFIED_TOKEN_BYTES)
      .weigher((String token, Verified v) -> 96 + 2 * (token.length() + v.userId().length()))
      .expireAfterWrite(Duration.ofMinutes(10))
      .executor(Runnable::run).build();

  /** {@code admission} rate-limits each authenticated user before their request goes on. */
  public Authn(JWTAuth jwt, Set<String> algorithms, String audience, @Nullable String issuer,
      Clock clock, long leewaySeconds, Admission admission) {
    this.jwt = jwt;
    this.algorithms = Set.copyOf(algorithms);
    this.audience = audience;
    this.issuer = issuer;
    this.clock = clock;
    this.leewaySeconds = leewaySeconds;
    this.admission = admission;
  }

  Admission admission() {
    return admission;
  }

  void handle(RoutingContext ctx) {
    Edge.took(ctx);
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(unauthorized("send Authorization: Bearer <token>"));
      return;
    }
    String token = header.substring(7).trim();
    Verified known = checkedTokens.getIfPresent(token);
    if (known != null) {
      admit(ctx, known);
      return;
    }
    String[] parts = token.split("\\.", -1);
    JsonObject head = parts.length == 3 ? decode(parts[0]) : null;
    if (head == null || !(head.getValue("alg") instanceof String alg)
        || !algorithms.contains(alg)) {
      ctx.fail(unauthorized("the token is malformed or signed with an algorithm not accepted"));
      return;
    }
    verify(token).onComplete(verified -> {
      JsonObject claims = verified.succeeded() ? decode(parts[1]) : null;
      if (claims == null) {
        ctx.fail(unauthorized("the token's signature or lifetime is not valid"));
        return;
      }
      String why = problemWith(claims);
      if (why != null) {
        ctx.fail(unauthorized(why));
        return;
      }
      Verified checked = new Verified(claims.getString("sub"),
          hasAdminRole(claims.getValue("roles")), claims.getLong("exp"));
      checkedTokens.put(token, checked);
      admit(ctx, checked);
    });
  }

  /**
   * The library's verdict; it throws (ClassCastException) instead of failing on claims of the
   * wrong JSON type, such as a string {@code exp}: that is a bad token, not a server fault.
   */
  private Future<?> verify(String token) {
    try {
      return jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * A token whose signature and claims were checked once: the same string is the same token,
   * so only its lifetime needs checking again. Skips an HMAC or RSA verification and two JSON
   * decodes per request on the hot path (the benchmarks' largest cost of a cached read).
   */
  private record Verified(String userId, boolean admin, long exp) {}

  private void admit(RoutingContext ctx, Verified token) {
    if (token.exp() + leewaySeconds < clock.instant().getEpochSecond()) {
      ctx.fail(unauthorized("the token has expired"));
      return;
    }
    ctx.put(USER_ID, token.userId());
    ctx.put(ADMIN, token.admin());
    admission.limitUser(ctx);
  }

  /** The handler after {@link #handle} on {@code /admin/*} routes. */
  static void requireAdmin(RoutingContext ctx) {
    if (Boolean.TRUE.equals(ctx.get(ADMIN))) {
      ctx.next();
    } else {
      ctx.fail(new ProblemException(ProblemType.FORBIDDEN,
          "this route needs a token with the foodlens-admin role"));
    }
  }

  static String userId(RoutingContext ctx) {
    String id = ctx.get(USER_ID);
    if (id == null) {
      throw new IllegalStateException("route mounted without authentication");
    }
    return id;
  }

  private @Nullable String problemWith(JsonObject claims) {
    if (!(claims.getValue("sub") instanceof String sub) || !isUserId(sub)) {
      return "the token needs a sub of 1-128 characters, without U+0000 or unpaired surrogates";
    }
    if (!(claims.getValue("exp") instanceof Number exp)) {
      return "the token needs an exp";
    }
    for (String time : List.of("nbf", "iat")) {
      if (claims.getValue(time) != null && !(claims.getValue(time) instanceof Number)) {
        return "the token's " + time + " must be a number of seconds";
      }
    }
    if (claims.getValue("roles") != null && !(claims.getValue("roles") instanceof JsonArray
        roles && roles.stream().allMatch(String.class::isInstance))) {
      return "the token's roles must be an array of strings";
    }
    if (exp.longValue() + leewaySeconds < clock.instant().getEpochSecond()) {
      return "the token has expired";
    }
    if (!hasAudience(claims.getValue("aud"))) {
      return "the token is not meant for this audience";
    }
    if (issuer != null && !issuer.equals(claims.getValue("iss"))) {
      return "the token's issuer is not accepted";
    }
    return null;
  }

  /** What a {@code sub} may be, and so every user id the gateway stores or looks up. */
  static boolean isUserId(String id) {
    return !id.isEmpty() && id.length() <= 128 && StorableText.isStorable(id);
  }

  private boolean hasAudience(@Nullable Object aud) {
    return audience.equals(aud) || (aud instanceof JsonArray list && list.contains(audience));
  }

  private static boolean hasAdminRole(@Nullable Object roles) {
    return roles instanceof JsonArray list && list.contains(ADMIN_ROLE);
  }

  private static @Nullable JsonObject decode(String segment) {
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(segment), UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static ProblemException unauthorized(String detail) {
    return new ProblemException(ProblemType.UNAUTHORIZED, detail);
  }
}
