package dev.foodlens.sync.app;

import dev.foodlens.sync.cache.CacheBus;
import dev.foodlens.sync.cache.ResourceCache;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.http.Admission;
import dev.foodlens.sync.http.Authn;
import dev.foodlens.sync.http.Deps;
import dev.foodlens.sync.http.HttpVerticle;
import dev.foodlens.sync.ops.LiveToggles;
import dev.foodlens.sync.ops.LwwAutoResolved;
import dev.foodlens.sync.ops.Metrics;
import dev.foodlens.sync.store.IdempotentWrites;
import dev.foodlens.sync.store.LedgerFront;
import dev.foodlens.sync.store.PgAllergyStore;
import dev.foodlens.sync.store.PgChangeFeed;
import dev.foodlens.sync.store.PgFeedReader;
import dev.foodlens.sync.store.PgFieldStore;
import dev.foodlens.sync.store.PgInspector;
import dev.foodlens.sync.store.PgReport;
import dev.foodlens.sync.store.ReplayTally;
import dev.foodlens.sync.store.PgHistoryStore;
import dev.foodlens.sync.store.PgLedgerStore;
import dev.foodlens.sync.store.PgMigrationStore;
import dev.foodlens.sync.store.PgPushStore;
import dev.foodlens.sync.store.PgToggleStore;
import dev.foodlens.sync.store.PgUserStore;
import dev.foodlens.sync.store.Worker;
import dev.foodlens.sync.store.WriteHooks;
import dev.foodlens.sync.sync.FieldSchema;
import dev.foodlens.sync.sync.SchemaFile;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
      TokenKeys keys = TokenKeys.of(DevSecret.resolve(config.auth()), publicKeys);
      JsonObject schema = new JsonObject(Files.readString(Path.of(config.settingsSchema())));
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

  /** Vert.x keeps a static table of metrics registries by name: one name per instance. */
  private static final AtomicInteger REGISTRIES = new AtomicInteger();

  private final Vertx vertx;
  private final Pool pool;
  private final Deps deps;
  private final List<String> deployments;

  private Gateway(Vertx vertx, Pool pool, Deps deps, List<String> deployments) {
    this.vertx = vertx;
    this.pool = pool;
    this.deps = deps;
    this.deployments = deployments;
  }

  public static Future<Gateway> deploy(Vertx vertx, Setup setup, Seams seams) {
    AppConfig config = setup.config();
    Pool pool = pool(vertx, config.pg());
    PgLedgerStore ledger = new PgLedgerStore(config.idempotency().retention());
    CacheBus bus = new CacheBus(pool, connectOptions(config.pg()),
        config.cache().announceDelay());
    ReplayTally replays = new ReplayTally(pool, REPLAY_FLUSH);
    Deps deps = deps(vertx, setup, seams, pool, ledger, bus, replays);
    bus.listenFor(deps.cache());
    int instances = config.http().instances() > 0
        ? config.http().instances() : Runtime.getRuntime().availableProcessors();
    AppConfig.Idempotency idem = config.idempotency();
    AppConfig.Feed feed = config.feed();
    List<Supplier<Future<String>>> steps = List.of(
        () -> vertx.deployVerticle(new SweeperVerticle("expired ledger entries purged",
            idem.purgeInterval(), idem.purgeBatch(), n -> ledger.purgeExpired(pool, n))),
        () -> vertx.deployVerticle(new SweeperVerticle("change feed pruned",
            feed.pruneInterval(), feed.pruneBatch(),
            n -> deps.changeFeed().prune(pool, feed.retention(), n))),
        () -> vertx.deployVerticle(bus),
        () -> vertx.deployVerticle(replays),
        () -> vertx.deployVerticle(new TogglesRefreshVerticle(pool, deps.toggleStore(),
            deps.toggles(), TOGGLES_REFRESH)),
        () -> vertx.deployVerticle(() -> new HttpVerticle(deps, config.http().host(),
                config.http().port(), config.http().shutdownTimeout()),
            new DeploymentOptions().setInstances(instances)));
    List<String> deployed = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<String>> step : steps) {
      chain = chain.compose(v -> step.get().map(id -> {
        deployed.add(0, id);
        return null;
      }));
    }
    return chain.map(v -> new Gateway(vertx, pool, deps, List.copyOf(deployed)));
  }

  /** Decisions that last-writer-wins took while the manual-merge gate was off. */
  public LwwAutoResolved autoResolved() {
    return deps.autoResolved();
  }

  /** Undeploys in reverse order: HTTP first (in-flight requests finish, bounded), then the pool. */
  public Future<Void> undeploy() {
    Future<Void> chain = Future.succeededFuture();
    for (String id : deployments) {
      chain = chain.compose(v -> vertx.undeploy(id));
    }
    return chain.eventually(() -> pool.close());
  }

  /**
   * The one way to build Vert.x for a gateway ({@code Main} and the tests): its HTTP server, pg
   * pool and JVM meters go to {@code setup.metrics()}, the server's labelled by route template.
   */
  public static Vertx vertx(Setup setup) {
    return vertx(setup, new VertxOptions());
  }

  /** As {@link #vertx(Setup)}, on top of {@code base} (tests tighten the blocked-thread check). */
  public static Vertx vertx(Setup setup, VertxOptions base) {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName("foodlens-" + REGISTRIES.incrementAndGet())
        .addLabels(Label.HTTP_ROUTE);
    return Vertx.builder().with(new VertxOptions(base).setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(setup.metrics().registry())).build();
  }

  static Deps deps(Vertx vertx, Setup setup, Seams seams, Pool pool,
      PgLedgerStore ledger, ResourceCache.Announcer announcer, ReplayTally replays) {
    AppConfig config = setup.config();
    AppConfig.Idempotency idem = config.idempotency();
    LedgerFront front = new LedgerFront(idem.frontBytes(), idem.frontTtl());
    setup.metrics().watch("ledger_front", front.caffeine());
    PgUserStore users = new PgUserStore();
    PgChangeFeed feed = new PgChangeFeed();
    PgFieldStore fields = new PgFieldStore(users, feed, seams.hlc());
    Authn authn = new Authn(JWTAuth.create(vertx, setup.keys().options()),
        setup.keys().algorithms(), config.auth().audience(), config.auth().issuer(),
        seams.wall(), config.auth().leeway().toSeconds(), new Admission(
            config.limits().maxInFlight(), config.limits().userRate(),
            config.limits().userBurst()));
    AppConfig.Quotas quotas = config.quotas();
    Worker worker = new Worker(vertx, config.limits().inlineWork());
    PgAllergyStore allergies = new PgAllergyStore(users, feed, seams.hlc(), worker,
        quotas.allergensPerUser(), quotas.opsPerAllergen(), config.cache().setBytes(),
        config.cache().ttl());
    PgHistoryStore history = new PgHistoryStore(users, feed, seams.hlc(),
        quotas.historyPerUser());
    PgPushStore.Parts parts = new PgPushStore.Parts(pool, ledger, users, feed, fields,
        allergies, history, seams.hlc(), seams.hooks(), worker);
    Deps deps = new Deps(pool, authn,
        new IdempotentWrites(pool, ledger, front, seams.hooks(), replays), fields,
        feed, new PgFeedReader(), new PgInspector(quotas.devicesPerUser()), new PgReport(), allergies, history, new PgPushStore(parts),
        new PgMigrationStore(parts),
        new PgToggleStore(), new LiveToggles(),
        new LwwAutoResolved(),
        new ResourceCache(config.cache().maxBytes(), config.cache().ttl(), announcer),
        FieldSchema.profile(), setup.settings(), seams.wall(), config.http().bodyLimit(),
        config.http().migrateBodyLimit(), quotas.migrateRecords(), worker,
        config.http().requestTimeout(), setup.metrics());
    setup.metrics().watch("resources", deps.cache().caffeine());
    setup.metrics().watch(deps.toggles());
    setup.metrics().watch(deps.autoResolved());
    return deps;
  }

  static PgConnectOptions connectOptions(AppConfig.Pg pg) {
    PgConnectOptions options = PgConnectOptions.fromUri(pg.uri());
    options.setPipeliningLimit(pg.pipeliningLimit()).setCachePreparedStatements(true);
    return options;
  }

  /** Design §8: the pool's defaults (4 connections, unbounded queue, 30 s wait) never ship. */
  static Pool pool(Vertx vertx, AppConfig.Pg pg) {
    PoolOptions options = new PoolOptions()
        .setName("foodlens")
        .setMaxSize(pg.poolSize())
        .setMaxWaitQueueSize(pg.maxWaitQueue())
        .setConnectionTimeout((int) pg.poolWaitTimeout().toMillis())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout((int) pg.idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxLifetime((int) pg.maxLifetime().toMillis())
        .setMaxLifetimeUnit(TimeUnit.MILLISECONDS)
        .setPoolCleanerPeriod(1000);
    NetClientOptions net = new NetClientOptions()
        .setConnectTimeout((int) pg.connectTimeout().toMillis());
    return PgBuilder.pool().with(options).with(net).connectingTo(connectOptions(pg))
        .using(vertx).build();
  }
}
