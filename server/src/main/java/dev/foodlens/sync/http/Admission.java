package dev.foodlens.sync.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Overload protection at the edge (issue 6): a bound on requests in flight in this process,
 * shed with {@code 503 unavailable} before any work, and a per-user token bucket answered with
 * {@code 429 rate-limited}. Both answer {@code Retry-After}. Shared by every event loop.
 *
 * <p>The buckets are per instance: behind a load balancer a user may reach N times the rate
 * with N instances. That bounds what one device can cost without a shared store on every
 * request.
 */
public final class Admission {
  private final int maxInFlight;
  private final double ratePerSecond;
  private final double burst;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Cache<String, Bucket> buckets;

  public Admission(int maxInFlight, double ratePerSecond, double burst) {
    this.maxInFlight = maxInFlight;
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    // An idle bucket refills completely within this time, so forgetting it changes nothing.
    long idleSeconds = (long) Math.ceil(burst / ratePerSecond) + 1;
    this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofSeconds(idleSeconds))
        .executor(Runnable::run).build();
  }

  /** Takes an in-flight slot, or answers false when the process is at its bound. */
  boolean enter() {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives back the slot {@link #enter} took, when the request's response has ended. */
  void leave() {
    inFlight.decrementAndGet();
  }

  /** After authentication: spends one token of the user's bucket or answers 429. */
  void limitUser(RoutingContext ctx) {
    Bucket bucket = buckets.get(Authn.userId(ctx), id -> new Bucket(burst, System.nanoTime()));
    double wait = bucket.take(ratePerSecond, burst, System.nanoTime());
    if (wait > 0) {
      ctx.response().putHeader("Retry-After", String.valueOf((long) Math.ceil(wait)));
      ctx.fail(new ProblemException(ProblemType.RATE_LIMITED,
          "too many requests for this user; retry later"));
      return;
    }
    ctx.next();
  }

  /**
   * Charges a request that carries more work than one unit (a push's ops, a migrate call's
   * records) the {@code extra} units beyond the one {@link #limitUser} took, so the budget
   * counts work and not requests. It goes on when the bucket holds that much, or a full burst
   * for work larger than a burst; the bucket may then go below zero, and the user's next
   * requests wait until it has refilled. Otherwise 429, with the seconds until it could go on.
   */
  void charge(RoutingContext ctx, int extra) {
    if (extra <= 0) {
      return;
    }
    Bucket bucket = buckets.get(Authn.userId(ctx), id -> new Bucket(burst, System.nanoTime()));
    double wait = bucket.spend(extra, Math.min(extra, burst - 1), ratePerSecond, burst,
        System.nanoTime());
    if (wait > 0) {
      ctx.response().putHeader("Retry-After", String.valueOf((long) Math.ceil(wait)));
      throw new ProblemException(ProblemType.RATE_LIMITED, "this request carries " + (extra + 1)
          + " units of work, more than this user's budget holds now; retry later");
    }
  }

  /** A token bucket; synchronized per user, so one user's requests never contend with others. */
  private static final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    /** Takes a token and answers 0, or answers the seconds until one is available. */
    synchronized double take(double rate, double burst, long now) {
      return spend(1, 1, rate, burst, now);
    }

    /** Spends {@code units} when at least {@code needed} are there; else the seconds to wait. */
    synchronized double spend(double units, double needed, double rate, double burst,
        long now) {
      tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
      refilledAt = now;
      if (tokens >= needed) {
        tokens -= units;
        return 0;
      }
      return (needed - tokens) / rate;
    }
  }
}
