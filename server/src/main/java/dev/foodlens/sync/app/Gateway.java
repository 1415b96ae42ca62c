package dev.foodlens.sync.app;

import dev.foodlens.sync.cache.CacheBus;
import dev.foodlens.sync.cache.ResourceCache;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.http.Admission;
import dev.foodlens.sync.http.Authn;
import dev.foodlens.sync.http.Console;
import dev.foodlens.sync.http.Deps;
import dev.foodlens.sync.http.Drain;
import dev.foodlens.sync.http.HttpVerticle;
import dev.foodlens.sync.http.Keyring;
import dev.foodlens.sync.http.Listener;
import dev.foodlens.sync.http.Routers;
import dev.foodlens.sync.model.FieldSchema;
import dev.foodlens.sync.model.SchemaFile;
import dev.foodlens.sync.ops.JwksMeters;
import dev.foodlens.sync.ops.LiveToggles;
import dev.foodlens.sync.ops.LwwAutoResolved;
import dev.foodlens.sync.ops.Metrics;
import dev.foodlens.sync.store.FlushConsolidation;
import dev.foodlens.sync.store.IdempotentWrites;
import dev.foodlens.sync.store.LedgerFront;
import dev.foodlens.sync.store.PgAllergyStore;
import dev.foodlens.sync.store.PgChangeFeed;
import dev.foodlens.sync.store.PgConsole;
import dev.foodlens.sync.store.PgFeedReader;
import dev.foodlens.sync.store.PgFieldStore;
import dev.foodlens.sync.store.PgHistoryStore;
import dev.foodlens.sync.store.PgInspector;
import dev.foodlens.sync.store.PgLedgerStore;
import dev.foodlens.sync.store.PgMigrationStore;
import dev.foodlens.sync.store.PgPushStore;
import dev.foodlens.sync.store.PgReport;
import dev.foodlens.sync.store.PgTarget;
import dev.foodlens.sync.store.PgToggleStore;
import dev.foodlens.sync.store.PgUserStore;
import dev.foodlens.sync.store.PrimaryLocator;
import dev.foodlens.sync.store.ReplayTally;
import dev.foodlens.sync.store.Sql;
import dev.foodlens.sync.store.UserScope;
import dev.foodlens.sync.store.Worker;
import dev.foodlens.sync.store.WriteHooks;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Wires one gateway onto a Vert.x instance: the shared pool, stores and caches, the ledger
 * sweeper, the toggles refresher (its first read completes before HTTP deploys) and one HTTP
 * verticle per core. {@code Main} and the HTTP tests start it the same way.
 */
public final class Gateway {
  /**
   * Everything prepared before Vert.x starts: what is read from disk (so no event loop ever reads
   * a file), and the metrics registry Vert.x is built with ({@link #vertx}).
   */
  public record Setup(AppConfig config, TokenKeys keys, FieldSchema settings, Metrics metrics) {
    public static Setup prepare(AppConfig config) throws IOException {
      String publicKeys = config.auth().publicKeys() == null
          ? null : Files.readString(Path.of(config.auth().publicKeys()));
      String secret = DevSecret.forListener(config.auth(), config.http().host());
      TokenKeys keys = config.auth().jwksUrl() == null ? TokenKeys.of(secret, publicKeys)
          : TokenKeys.besideJwksUrl(secret, publicKeys);
      JsonObject schema = new JsonObject(ConfigFiles.read(config.settingsSchema()));
      return new Setup(config, keys, SchemaFile.parse("settings", schema.getMap()),
          Metrics.create());
    }
  }

  /** The seams tests turn: the hybrid clock's time source, the wall clock and write faults. */
  public record Seams(HybridClock hlc, Clock wall, WriteHooks hooks) {
    public static Seams system() {
      return new Seams(HybridClock.system(), Clock.systemUTC(), WriteHooks.NONE);
    }
  }

  /** Contract §7: a toggle reaches every instance within 2 s; reading every 1 s keeps that. */
  static final Duration TOGGLES_REFRESH = Duration.ofSeconds(1);
  /** How often replay counts reach the ledger (the inspector shows them). */
  static final Duration REPLAY_FLUSH = Duration.ofSeconds(1);
  /**
   * How long a probe's answer about which host is the primary is trusted: a pool opening many
   * connections at once probes once, and a failover is followed within about this long.
   */
  static final Duration PRIMARY_TTL = Duration.ofSeconds(1);

  /**
   * Connections of the process-wide pool, beside {@code pg.poolSize} for the API loops: the
   * sweepers, the toggles refresher, cache announcements and the management listener's
   * readiness check use it, a few statements a second, each bounded.
   */
  static final int BACKGROUND_POOL = 2;

  /** Vert.x keeps a static table of metrics registries by name: one name per instance. */
  private static final AtomicInteger REGISTRIES = new AtomicInteger();

  private final Vertx vertx;
  private final Pool pool;
  private final Deps deps;
  private final List<String> deployments;
  private final PrimaryLocator primary;
  private final @Nullable JwksKeyring rotating;

  private Gateway(Vertx vertx, Pool pool, PrimaryLocator primary, Deps deps,
      List<String> deployments, @Nullable JwksKeyring rotating) {
    this.vertx = vertx;
    this.pool = pool;
    this.primary = primary;
    this.deps = deps;
    this.deployments = deployments;
    this.rotating = rotating;
  }

  /**
   * With {@code auth.jwksUrl} set, the identity provider's keys are fetched first: no verticle
   * deploys, so nothing serves, until they are held.
   */
  public static Future<Gateway> deploy(Vertx vertx, Setup setup, Seams seams) {
    AppConfig.Auth auth = setup.config().auth();
    if (auth.jwksUrl() == null) {
      return deploy(vertx, setup, seams, Keyring.fixed(setup.keys().verifier(vertx, auth)), null);
    }
    return JwksKeyring.start(vertx, setup.keys(), auth, seams.wall(),
            new JwksMeters(setup.metrics().registry()))
        .compose(keys -> deploy(vertx, setup, seams, keys, keys)
            .onFailure(e -> keys.close()));
  }

  private static Future<Gateway> deploy(Vertx vertx, Setup setup, Seams seams, Keyring keys,
      @Nullable JwksKeyring rotating) {
    AppConfig config = setup.config();
    PrimaryLocator primary = locator(vertx, config.pg());
    int instances = config.http().instances() > 0
        ? config.http().instances() : Runtime.getRuntime().availableProcessors();
    Pool pool = pool(vertx, config.pg(), primary, "foodlens", BACKGROUND_POOL,
        config.pg().maxWaitQueue());
    UserScope scope = scope(pool, config.pg());
    PgLedgerStore ledger = new PgLedgerStore(config.idempotency().retention(), seams.wall());
    CacheBus bus = new CacheBus(pool, primary, config.cache().announceDelay());
    ReplayTally replays = new ReplayTally(scope, REPLAY_FLUSH);
    Deps deps = deps(vertx, setup, seams, keys, pool, scope, ledger, bus, replays);
    bus.listenFor(deps.cache());
    // Each API loop's share of the pool and of its wait queue, rounded up (never none).
    int perLoop = ceilDiv(config.pg().poolSize(), instances);
    int waitPerLoop = ceilDiv(config.pg().maxWaitQueue(), instances);
    AtomicInteger loops = new AtomicInteger();
    AppConfig.Idempotency idem = config.idempotency();
    AppConfig.Feed feed = config.feed();
    List<Supplier<Future<String>>> steps = List.of(
        () -> vertx.deployVerticle(new SweeperVerticle("expired ledger entries purged",
            idem.purgeInterval(), idem.purgeBatch(),
            n -> scope.maintenance(c -> ledger.purgeExpired(c, n)))),
        () -> vertx.deployVerticle(new SweeperVerticle("change feed pruned",
            feed.pruneInterval(), feed.pruneBatch(),
            n -> scope.maintenance(c -> deps.changeFeed().prune(c, feed.retention(), n)))),
        () -> vertx.deployVerticle(bus),
        () -> vertx.deployVerticle(replays),
        () -> vertx.deployVerticle(new TogglesRefreshVerticle(pool, deps.toggleStore(),
            deps.toggles(), TOGGLES_REFRESH)),
        () -> vertx.deployVerticle(() -> new HttpVerticle(listener(config.http(),
                config.http().host(), config.http().port()), v -> Routers.router(v, deps),
                () -> pool(vertx, config.pg(), primary, "foodlens-loop-" + loops.getAndIncrement(),
                    perLoop, waitPerLoop)),
            new DeploymentOptions().setInstances(instances)),
        () -> vertx.deployVerticle(new HttpVerticle(listener(config.http(),
            config.management().host(), config.management().port()),
            v -> Routers.management(v, deps), null)));
    List<String> deployed = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<String>> step : steps) {
      chain = chain.compose(v -> step.get().map(id -> {
        deployed.add(0, id);
        return null;
      }));
    }
    return chain.map(v -> new Gateway(vertx, pool, primary, deps, List.copyOf(deployed),
        rotating));
  }

  /** The management listener shares the API's timeouts: both face clients that may stall. */
  private static Listener listener(AppConfig.Http http, String host, int port) {
    return new Listener(host, port, http.idleTimeout(), http.headerTimeout(), http.h2c(),
        http.shutdownTimeout());
  }

  /** Decisions that last-writer-wins took while the manual-merge gate was off. */
  public LwwAutoResolved autoResolved() {
    return deps.autoResolved();
  }

  /**
   * Flips {@code /readyz} (both listeners) to 503 while every other request is served as before:
   * the load balancer's probes notice and stop sending new requests before {@link #undeploy}
   * closes the listeners.
   */
  public void drain() {
    deps.drain().begin();
  }

  /** Undeploys in reverse order: HTTP first (in-flight requests finish, bounded), then the pool. */
  public Future<Void> undeploy() {
    Future<Void> chain = Future.succeededFuture();
    for (String id : deployments) {
      chain = chain.compose(v -> vertx.undeploy(id));
    }
    return chain.eventually(() -> pool.close()).eventually(primary::close)
        .eventually(() -> rotating == null ? Future.succeededFuture() : rotating.close());
  }

  /**
   * The one way to build Vert.x for a gateway ({@code Main} and the tests): its HTTP server, pg
   * pool and JVM meters go to {@code setup.metrics()}; the HTTP server's are the edge's.
   */
  public static Vertx vertx(Setup setup) {
    return vertx(setup, new VertxOptions(), Tracing.fromEnvironment(System.getenv()));
  }

  /** As {@link #vertx(Setup)}, on top of {@code base} (tests tighten the blocked-thread check). */
  public static Vertx vertx(Setup setup, VertxOptions base) {
    return vertx(setup, base, null);
  }

  /**
   * As {@link #vertx(Setup, VertxOptions)}, tracing through {@code tracing} when not null: a span
   * per HTTP request (W3C {@code traceparent} accepted) and per SQL statement under it.
   */
  public static Vertx vertx(Setup setup, VertxOptions base, @Nullable OpenTelemetry tracing) {
    // The HTTP server's meters are the edge's (Metrics#httpResponded): cheaper per request.
    MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName("foodlens-" + REGISTRIES.incrementAndGet())
        .setDisabledMetricsCategories(Set.of(MetricsDomain.HTTP_SERVER.toCategory()));
    VertxOptions vertxOptions = new VertxOptions(base).setMetricsOptions(options)
        .setPreferNativeTransport(true);
    VertxBuilder builder = Vertx.builder();
    if (tracing != null) {
      vertxOptions.setTracingOptions(new OpenTelemetryOptions());
      builder.withTracer(new OpenTelemetryTracingFactory(tracing));
    }
    return builder.with(vertxOptions)
        .withMetrics(new MicrometerMetricsFactory(setup.metrics().registry())).build();
  }

  static Deps deps(Vertx vertx, Setup setup, Seams seams, Keyring keys, Pool pool,
      UserScope scope, PgLedgerStore ledger, ResourceCache.Announcer announcer,
      ReplayTally replays) {
    AppConfig config = setup.config();
    AppConfig.Idempotency idem = config.idempotency();
    LedgerFront front = new LedgerFront(idem.frontBytes(), idem.frontTtl());
    setup.metrics().watch("ledger_front", front.caffeine());
    PgUserStore users = new PgUserStore();
    PgChangeFeed feed = new PgChangeFeed();
    PgFieldStore fields = new PgFieldStore(seams.hlc());
    Authn authn = new Authn(keys, seams.wall(), config.auth().leeway().toSeconds(),
        new Admission(
            config.limits().maxInFlight(), config.limits().userRate(),
            config.limits().userBurst()));
    AppConfig.Quotas quotas = config.quotas();
    Worker worker = new Worker(vertx, config.limits().inlineWork());
    PgAllergyStore allergies = new PgAllergyStore(users, feed, seams.hlc(), worker,
        quotas.allergensPerUser(), quotas.opsPerAllergen(), config.cache().setBytes(),
        config.cache().ttl());
    PgHistoryStore history = new PgHistoryStore(users, feed, seams.hlc(),
        quotas.historyPerUser());
    PgPushStore.Parts parts = new PgPushStore.Parts(scope, ledger, users, feed, fields,
        allergies, history, seams.hlc(), seams.hooks(), worker);
    PgToggleStore toggles = new PgToggleStore();
    Deps deps = new Deps(pool, scope, authn,
        new IdempotentWrites(scope, ledger, front, seams.hooks(), replays), fields,
        feed, new PgFeedReader(), new PgInspector(quotas.devicesPerUser(), seams.wall()),
        new PgReport(), allergies, history, new PgPushStore(parts),
        new PgMigrationStore(parts),
        toggles, new LiveToggles(),
        new LwwAutoResolved(),
        new ResourceCache(config.cache().maxBytes(), config.cache().ttl(), announcer),
        FieldSchema.profile(), setup.settings(), seams.wall(), config.http().bodyLimit(),
        config.http().migrateBodyLimit(), quotas.migrateRecords(), worker,
        config.http().requestTimeout(), setup.metrics(), new Drain(),
        Console.load(new PgConsole(toggles, idem.retention())));
    setup.metrics().watch("resources", deps.cache().caffeine());
    setup.metrics().watch(deps.toggles());
    setup.metrics().watch(deps.autoResolved());
    return deps;
  }

  /**
   * The migrator's (and the command line's) database: the configured URI, one host or a list,
   * as an admin that may create roles.
   */
  public static PgTarget adminTarget(AppConfig.Pg pg) {
    return PgTarget.parse(pg.uri());
  }

  /** The pool's (and the cache listener's) database: the app role, unless RLS is off. */
  static PgTarget appTarget(AppConfig.Pg pg) {
    PgTarget admin = adminTarget(pg);
    // Never the admin's password: none (trust or peer auth), or the app role's own.
    return pg.rowSecurity() ? admin.as(pg.roles().app(), pg.roles().appPassword()) : admin;
  }

  /** Finds the host each new connection goes to: the primary, when the URI lists several. */
  static PrimaryLocator locator(Vertx vertx, AppConfig.Pg pg) {
    return new PrimaryLocator(vertx, appTarget(pg),
        o -> o.setPipeliningLimit(pg.pipeliningLimit()).setCachePreparedStatements(true)
            .setPreparedStatementCacheSqlLimit(Sql.CACHE_LIMIT),
        pg.connectTimeout(), PRIMARY_TTL);
  }

  public static UserScope scope(Pool pool, AppConfig.Pg pg) {
    return new UserScope(pool, pg.rowSecurity(), pg.roles().maintenance());
  }

  private static int ceilDiv(int total, int parts) {
    return Math.max(1, (total + parts - 1) / parts);
  }

  /**
   * Design §8: the pool's defaults (4 connections, unbounded queue, 30 s wait) never ship.
   * Each pool has its own name (the meters of a second pool of the same name would be dropped):
   * {@code foodlens} the process-wide one, {@code foodlens-loop-N} each loop's.
   * Built on an event loop's context (an API verticle's start), its connections live on that
   * loop: the pool opens them on the context that asks ({@code eventLoopSize} 0).
   */
  static Pool pool(Vertx vertx, AppConfig.Pg pg, PrimaryLocator primary, String name, int size,
      int waitQueue) {
    PoolOptions options = new PoolOptions()
        .setName(name)
        .setMaxSize(size)
        .setMaxWaitQueueSize(waitQueue)
        .setConnectionTimeout((int) pg.poolWaitTimeout().toMillis())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout((int) pg.idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxLifetime((int) pg.maxLifetime().toMillis())
        .setMaxLifetimeUnit(TimeUnit.MILLISECONDS)
        .setPoolCleanerPeriod(1000);
    NetClientOptions net = new NetClientOptions()
        .setConnectTimeout((int) pg.connectTimeout().toMillis());
    return PgBuilder.pool().with(options).with(net).connectingTo(primary)
        .withConnectHandler(conn -> {
          try {
            FlushConsolidation.install(conn);
          } finally {
            conn.close(); // hands the connection to the pool, whatever happened above
          }
        })
        .using(vertx).build();
  }
}
