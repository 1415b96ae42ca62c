package dev.foodlens.sync.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.foodlens.sync.model.StorableText;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Bearer-token authentication exactly as contract §2. {@code vertx-auth-jwt} checks the
 * signature and, through its {@code JWTOptions}, the audience, the issuer and the lifetime
 * ({@code exp}, {@code nbf}, {@code iat}, with the leeway); this class pins the algorithms before
 * it and requires {@code sub} and {@code exp} after it, because the library accepts tokens
 * without them. A token naming a {@code kid} the {@link Keyring} does not hold asks it for the
 * identity provider's keys again (rate-limited) before it is judged.
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

  private final Keyring keyring;
  private final Clock clock;
  private final long leewaySeconds;
  private final Admission admission;
  private final Cache<String, Verified> checkedTokens = Caffeine.newBuilder()
      .maximumWeight(VERIFIED_TOKEN_BYTES)
      .weigher((String token, Verified v) -> 96 + 2 * (token.length() + v.userId().length()))
      .expireAfterWrite(Duration.ofMinutes(10))
      .executor(Runnable::run).build();
  /** The key set the cache was last cleared for. */
  private volatile Keyring.@Nullable Verifier cachedFor;

  /**
   * {@code leewaySeconds} is the provider's own (its {@code JWTOptions}), for the tokens this
   * class remembers; {@code admission} rate-limits each authenticated user before their request
   * goes on.
   */
  public Authn(Keyring keyring, Clock clock, long leewaySeconds, Admission admission) {
    this.keyring = keyring;
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
    Keyring.Verifier keys = keys();
    Verified known = checkedTokens.getIfPresent(token);
    if (known != null && known.keys() == keys) {
      admit(ctx, known);
      return;
    }
    check(ctx, token, keys);
  }

  /** A token not verified with {@code keys} yet: its header first, then the library. */
  private void check(RoutingContext ctx, String token, Keyring.Verifier keys) {
    String[] parts = token.split("\\.", -1);
    JsonObject head = parts.length == 3 ? decode(parts[0]) : null;
    Object kid = head == null ? null : head.getValue("kid");
    if (head == null || !(head.getValue("alg") instanceof String alg)
        || !keys.algorithms().contains(alg) || !(kid == null || kid instanceof String)) {
      ctx.fail(unauthorized("the token is malformed or signed with an algorithm not accepted"));
      return;
    }
    if (!(kid instanceof String named) || keys.kids().contains(named)) {
      verify(ctx, token, parts[1], keys);
      return;
    }
    // the shared fetch may complete on another event loop: go on on this request's own
    Future.fromCompletionStage(keyring.refreshFor(named).toCompletionStage(),
        ctx.vertx().getOrCreateContext())
        .onComplete(now -> verify(ctx, token, parts[1], now.succeeded() ? now.result() : keys));
  }

  /**
   * The key set to verify with, the cache emptied when it changed: a token verified with a key
   * the identity provider no longer publishes is refused from then on.
   */
  private Keyring.Verifier keys() {
    Keyring.Verifier keys = keyring.current();
    if (keys != cachedFor) {
      cachedFor = keys;
      checkedTokens.invalidateAll();
    }
    return keys;
  }

  private void verify(RoutingContext ctx, String token, String payload, Keyring.Verifier keys) {
    library(keys.jwt(), token).onComplete(verified -> {
      JsonObject claims = verified.succeeded() ? decode(payload) : null;
      if (claims == null) {
        ctx.fail(unauthorized(refusal(verified.cause())));
        return;
      }
      String why = problemWith(claims);
      if (why != null) {
        ctx.fail(unauthorized(why));
        return;
      }
      // tagged with its key set: one verified while the keys changed is not taken as valid
      Verified checked = new Verified(claims.getString("sub"),
          hasAdminRole(claims.getValue("roles")), claims.getLong("exp"), keys);
      checkedTokens.put(token, checked);
      admit(ctx, checked);
    });
  }

  /**
   * The library's verdict; it throws (ClassCastException) instead of failing on claims of the
   * wrong JSON type, such as a string {@code exp}: that is a bad token, not a server fault.
   */
  private static Future<?> library(JWTAuth jwt, String token) {
    try {
      return jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Why the library refused a token, in the contract's words. Its audience and issuer refusals
   * are told apart by their messages, which {@code AuthTest} holds to these details.
   */
  private static String refusal(@Nullable Throwable cause) {
    String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    if (cause instanceof NoSuchKeyIdException) {
      return "the token's key is not among the keys held";
    } else if (message.startsWith("Invalid JWT audience")) {
      return "the token is not meant for this audience";
    } else if (message.startsWith("Invalid JWT issuer")) {
      return "the token's issuer is not accepted";
    }
    return "the token's signature or lifetime is not valid";
  }

  /**
   * A token whose signature and claims were checked once with {@code keys}: the same string is
   * the same token, so only its lifetime needs checking again. Skips an HMAC or RSA verification
   * and two JSON decodes per request on the hot path (the benchmarks' largest cost of a cached
   * read).
   */
  private record Verified(String userId, boolean admin, long exp, Keyring.Verifier keys) {}

  /** Expired as the library counts it: at {@code exp} plus the leeway. */
  private void admit(RoutingContext ctx, Verified token) {
    if (clock.instant().getEpochSecond() - leewaySeconds >= token.exp()) {
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

  private static @Nullable String problemWith(JsonObject claims) {
    if (!(claims.getValue("sub") instanceof String sub) || !isUserId(sub)) {
      return "the token needs a sub of 1-128 characters, without U+0000 or unpaired surrogates";
    }
    if (!(claims.getValue("exp") instanceof Number)) {
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
    return null;
  }

  /** What a {@code sub} may be, and so every user id the gateway stores or looks up. */
  static boolean isUserId(String id) {
    return !id.isEmpty() && id.length() <= 128 && StorableText.isStorable(id);
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
