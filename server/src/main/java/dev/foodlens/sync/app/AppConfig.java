package dev.foodlens.sync.app;

import dev.foodlens.sync.store.DbRoles;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's configuration: the defaults of {@code conf/gateway.json} (built into the jar),
 * the keys an operator's file overrides ({@link #overlay}), then each key overridable by an
 * environment variable {@code FOODLENS_<PATH>} ({@code pg.uri} → {@code FOODLENS_PG_URI},
 * {@code auth.hmacSecret} → {@code FOODLENS_AUTH_HMAC_SECRET}). The environment always wins.
 *
 * <p>{@link #load} is pure and validates everything at once: a bad configuration fails start-up
 * with one line naming every problem.
 */
public record AppConfig(Http http, Management management, Pg pg, Auth auth,
    Idempotency idempotency, Feed feed, Cache cache, Limits limits, Quotas quotas,
    String settingsSchema) {

  /**
   * The API listener. {@code idleTimeout} closes a connection that sends and receives nothing;
   * {@code headerTimeout} closes one whose next request's headers do not arrive in time (slow
   * headers, or a kept-alive connection left silent); cleartext HTTP/2 only when {@code h2c}.
   * {@code drainDelay}: on SIGTERM, how long {@code /readyz} answers 503 while requests are still
   * served, before the listeners close (zero: close at once).
   */
  public record Http(String host, int port, int instances, int bodyLimit, int migrateBodyLimit,
      Duration requestTimeout, Duration shutdownTimeout, Duration idleTimeout,
      Duration headerTimeout, boolean h2c, Duration drainDelay) {}

  /** The operators' listener (contract §7): {@code /metrics} and the probes. */
  public record Management(String host, int port) {}

  /**
   * {@code uri} is the admin connection the migrator uses (it creates the database and the
   * roles); the pool logs in as {@code roles.app()} on the same server and database, unless
   * {@code rowSecurity} is off (measurements only): then it serves as the admin, unscoped.
   */
  public record Pg(String uri, int poolSize, int maxWaitQueue, Duration connectTimeout,
      Duration poolWaitTimeout, Duration idleTimeout, Duration maxLifetime, int pipeliningLimit,
      DbRoles roles, boolean rowSecurity) {}

  /**
   * The token keys: an HMAC secret, a PEM or JWKS file ({@code publicKeys}) and the identity
   * provider's JWKS URL, any of them together. The URL's keys are fetched before serving, every
   * {@code jwksRefresh}, and when a token names a {@code kid} not held, at most once per
   * {@code jwksMinInterval}.
   */
  public record Auth(@Nullable String hmacSecret, @Nullable String publicKeys, String audience,
      @Nullable String issuer, @Nullable String devSecretFile, Duration leeway,
      @Nullable URI jwksUrl, Duration jwksRefresh, Duration jwksMinInterval) {}

  /** {@code frontBytes}: the replay front's weight bound, by stored response sizes. */
  public record Idempotency(Duration retention, Duration purgeInterval, int purgeBatch,
      long frontBytes, Duration frontTtl) {}

  public record Feed(Duration retention, Duration pruneInterval, int pruneBatch) {}

  /**
   * Overload protection: requests in flight per process; units of work per second per user (a
   * request, a push op or a migrated record each cost one); and the largest merge, in ops or
   * records, that runs on an event loop (larger ones run on a worker thread).
   */
  public record Limits(int maxInFlight, int userRate, int userBurst, int inlineWork) {}

  /**
   * What one user may hold or send (contract: {@code 422 quota-exceeded}): records in one
   * migrate call, distinct allergen codes, adds and removes of one allergen (what applying the
   * next one costs grows with them), live history entries; and how many devices' queue stats
   * are kept (the least recently reporting one makes room).
   */
  public record Quotas(int migrateRecords, int allergensPerUser, int opsPerAllergen,
      int historyPerUser, int devicesPerUser) {}

  /**
   * The per-instance caches, each bounded by an estimate of its heap bytes: rendered resources
   * ({@code maxBytes}) and replayed allergy sets ({@code setBytes}).
   */
  public record Cache(long maxBytes, long setBytes, Duration ttl, Duration announceDelay) {}

  /** Thrown by {@link #load} with every problem found, in one message. */
  public static final class InvalidConfig extends RuntimeException {
    InvalidConfig(List<String> problems) {
      super("invalid configuration: " + String.join("; ", problems), null, false, false);
    }
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  public static AppConfig load(JsonObject file, Map<String, String> env) {
    JsonObject merged = file.copy();
    List<String> problems = new ArrayList<>();
    overrideFromEnv(merged, "", env, problems);
    Reader r = new Reader(merged, problems);
    AppConfig config = new AppConfig(
        new Http(r.string("http.host"), r.integer("http.port", 0, 65535),
            r.integer("http.instances", 0, 256), r.integer("http.bodyLimit", 1024, 1 << 30),
            r.integer("http.migrateBodyLimit", 1024, 1 << 30), r.duration("http.requestTimeout"),
            r.duration("http.shutdownTimeout"), r.duration("http.idleTimeout"),
            r.duration("http.headerTimeout"), r.bool("http.h2c"),
            r.durationOrZero("http.drainDelay")),
        new Management(r.string("management.host"), r.integer("management.port", 0, 65535)),
        new Pg(r.string("pg.uri"), r.integer("pg.poolSize", 1, 1000),
            r.integer("pg.maxWaitQueue", 1, 1_000_000), r.duration("pg.connectTimeout"),
            r.duration("pg.poolWaitTimeout"), r.duration("pg.idleTimeout"),
            r.duration("pg.maxLifetime"), r.integer("pg.pipeliningLimit", 1, 4096),
            r.roles(), r.bool("pg.rowSecurity")),
        new Auth(r.optional("auth.hmacSecret"), r.optional("auth.publicKeys"),
            r.string("auth.audience"), r.optional("auth.issuer"),
            r.optional("auth.devSecretFile"), r.duration("auth.leeway"),
            r.keysUrl("auth.jwksUrl"), r.duration("auth.jwksRefresh"),
            r.duration("auth.jwksMinInterval")),
        new Idempotency(r.duration("idempotency.retention"),
            r.duration("idempotency.purgeInterval"),
            r.integer("idempotency.purgeBatch", 1, 1_000_000),
            r.bytes("idempotency.frontBytes"), r.duration("idempotency.frontTtl")),
        new Feed(r.duration("feed.retention"), r.duration("feed.pruneInterval"),
            r.integer("feed.pruneBatch", 1, 1_000_000)),
        new Cache(r.bytes("cache.maxBytes"), r.bytes("cache.setBytes"), r.duration("cache.ttl"),
            r.duration("cache.announceDelay")),
        new Limits(r.integer("limits.maxInFlight", 1, 10_000_000),
            r.integer("limits.userRate", 1, 10_000_000),
            r.integer("limits.userBurst", 1, 10_000_000),
            r.integer("limits.inlineWork", 0, 1_000_000)),
        new Quotas(r.integer("quotas.migrateRecords", 1, 1_000_000),
            r.integer("quotas.allergensPerUser", 1, 1_000_000),
            r.integer("quotas.opsPerAllergen", 1, 1_000_000),
            r.integer("quotas.historyPerUser", 1, 100_000_000),
            r.integer("quotas.devicesPerUser", 1, 10_000)),
        r.string("settings.schema"));
    if (config.auth.hmacSecret() != null && config.auth.hmacSecret().length() < 32) {
      problems.add("auth.hmacSecret must be at least 32 characters (HS256 needs 256 bits)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfig(problems);
    }
    return config;
  }

  /**
   * {@code defaults} with the keys of {@code file} in their place. A key the defaults do not
   * have, or an object where they hold a value (or the reverse), is a typo the operator would
   * otherwise never see: each one is a problem, named with {@code source}.
   */
  public static JsonObject overlay(JsonObject defaults, JsonObject file, String source) {
    JsonObject merged = defaults.copy();
    List<String> problems = new ArrayList<>();
    overlay(merged, file, "", source, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfig(problems);
    }
    return merged;
  }

  private static void overlay(JsonObject into, JsonObject from, String prefix, String source,
      List<String> problems) {
    for (String key : from.fieldNames()) {
      String path = prefix + key;
      Object value = from.getValue(key);
      if (!into.containsKey(key)) {
        problems.add(source + ": unknown key " + path);
      } else if (into.getValue(key) instanceof JsonObject section) {
        if (value instanceof JsonObject child) {
          overlay(section, child, path + ".", source, problems);
        } else {
          problems.add(source + ": " + path + " must be an object");
        }
      } else if (value instanceof JsonObject) {
        problems.add(source + ": " + path + " must be a value, not an object");
      } else {
        into.put(key, value);
      }
    }
  }

  /** {@code FOODLENS_AUTH_HMAC_SECRET} for {@code auth.hmacSecret}. */
  static String envName(String path) {
    return "FOODLENS_" + path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_')
        .toUpperCase(Locale.ROOT);
  }

  private static void overrideFromEnv(JsonObject node, String prefix, Map<String, String> env,
      List<String> problems) {
    for (String key : List.copyOf(node.fieldNames())) {
      String path = prefix + key;
      Object value = node.getValue(key);
      String raw = env.get(envName(path));
      if (value instanceof JsonObject child) {
        overrideFromEnv(child, path + ".", env, problems);
      } else if (raw != null) {
        node.put(key, typed(envName(path), raw, value, problems));
      }
    }
  }

  private static @Nullable Object typed(String name, String raw, @Nullable Object like,
      List<String> problems) {
    if (like instanceof Number) {
      try {
        return Long.parseLong(raw.trim());
      } catch (NumberFormatException e) {
        problems.add(name + " must be a whole number, got '" + raw + "'");
        return like;
      }
    }
    if (like instanceof Boolean) {
      return Boolean.parseBoolean(raw.trim());
    }
    return raw.isEmpty() ? null : raw;
  }

  static @Nullable Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** Reads typed values by dotted path, collecting problems instead of stopping at the first. */
  private record Reader(JsonObject root, List<String> problems) {
    private @Nullable Object raw(String path) {
      Object node = root;
      for (String part : path.split("\\.")) {
        if (!(node instanceof JsonObject obj) || !obj.containsKey(part)) {
          return Missing.INSTANCE;
        }
        node = obj.getValue(part);
      }
      return node;
    }

    String string(String path) {
      Object v = raw(path);
      if (v instanceof String s && !s.isBlank()) {
        return s;
      }
      problems.add(path + " must be a non-empty string");
      return "";
    }

    @Nullable String optional(String path) {
      Object v = raw(path);
      if (v == null || v instanceof String) {
        return v == null || ((String) v).isBlank() ? null : (String) v;
      }
      problems.add(path + (v == Missing.INSTANCE ? " is missing" : " must be a string or null"));
      return null;
    }

    /**
     * An https URL, or http to a loopback address (a test's or a sidecar's): keys fetched over
     * plain HTTP from elsewhere could be anyone's.
     */
    @Nullable URI keysUrl(String path) {
      String text = optional(path);
      if (text == null) {
        return null;
      }
      try {
        URI uri = new URI(text);
        String host = uri.getHost();
        if (host != null && ("https".equals(uri.getScheme())
            || ("http".equals(uri.getScheme()) && isLoopbackLiteral(host)))) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // named below, with the others
      }
      problems.add(path + " must be an https URL (http only to a loopback address), got '"
          + text + "'");
      return null;
    }

    private static boolean isLoopbackLiteral(String host) {
      return host.equals("localhost") || host.equals("[::1]")
          || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    int integer(String path, int min, int max) {
      Object v = raw(path);
      if (v instanceof Number n && n.longValue() >= min && n.longValue() <= max
          && n.doubleValue() == n.longValue()) {
        return n.intValue();
      }
      problems.add(path + " must be a whole number from " + min + " to " + max);
      return min;
    }

    boolean bool(String path) {
      if (raw(path) instanceof Boolean b) {
        return b;
      }
      problems.add(path + " must be true or false");
      return true;
    }

    DbRoles roles() {
      String owner = string("pg.roles.owner");
      String app = string("pg.roles.app");
      String maintenance = string("pg.roles.maintenance");
      String password = optional("pg.roles.appPassword");
      try {
        return new DbRoles(owner, app, password, maintenance);
      } catch (IllegalArgumentException e) {
        problems.add("pg.roles: " + e.getMessage());
        return DbRoles.defaults();
      }
    }

    /** A heap budget in bytes, 0 (cache nothing) to 64 GiB. */
    long bytes(String path) {
      Object v = raw(path);
      if (v instanceof Number n && n.longValue() >= 0 && n.longValue() <= (64L << 30)
          && n.doubleValue() == n.longValue()) {
        return n.longValue();
      }
      problems.add(path + " must be a whole number of bytes from 0 to 68719476736");
      return 0;
    }

    Duration duration(String path) {
      Object v = raw(path);
      Duration d = v instanceof String s ? parseDuration(s) : null;
      if (d == null || d.isZero()) {
        problems.add(path + " must be a positive duration such as 500ms, 10s, 5m, 2h or 30d");
        return Duration.ofSeconds(1);
      }
      return d;
    }

    Duration durationOrZero(String path) {
      Object v = raw(path);
      Duration d = v instanceof String s ? parseDuration(s) : null;
      if (d == null) {
        problems.add(path + " must be a duration such as 0s, 500ms or 5s");
        return Duration.ZERO;
      }
      return d;
    }
  }

  private enum Missing { INSTANCE }
}
