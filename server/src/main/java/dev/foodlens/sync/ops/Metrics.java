package dev.foodlens.sync.ops;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import dev.foodlens.sync.crdt.Conflict;
import dev.foodlens.sync.crdt.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's one Prometheus registry (design §6): Vert.x is built with it, so its pool and
 * JVM meters land here next to the {@code foodlens_*} series this class owns and the HTTP
 * server's, which the edge records ({@link #httpResponded}).
 *
 * <p>Every label value comes from a closed set: a value outside it is counted as
 * {@code other} (or, for a ledger outcome, not at all), so no client input and no user id can
 * grow the number of series. Each series exists from the start at zero. Thread-safe.
 */
public final class Metrics {
  public static final String LEDGER_OUTCOMES = "foodlens.ledger.outcomes";
  public static final String SYNC_OPS = "foodlens.sync.ops";
  public static final String CONFLICTS = "foodlens.conflicts";
  public static final String WRITES_PAUSED = "foodlens.writes.paused";
  public static final String QUEUE_DEPTH = "foodlens.client.queue.depth";
  public static final String OLDEST_PENDING = "foodlens.client.oldest.pending";
  public static final String UNAVAILABLE = "foodlens.unavailable.responses";

  static final List<String> OUTCOMES = List.of("new", "replayed", "reused");
  static final List<String> ENTITIES =
      List.of("profile", "settings", "allergies", "history", "conflict", "other");
  static final List<String> SYNC_STATUSES =
      List.of("applied", "duplicate", "rejected", "conflict", "other");
  private static final double[] DEPTHS = {1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000};
  private static final double[] AGES = {1, 10, 60, 300, 900, 3600, 6 * 3600, 86400, 7 * 86400};

  private final PrometheusMeterRegistry registry;
  private final HttpServerMeters http;
  private final Map<String, Counter> ledger = new HashMap<>();
  private final Map<String, Counter> syncOps = new HashMap<>();
  private final Map<String, Counter> conflicts = new HashMap<>();
  private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
  private final DistributionSummary queueDepth;
  private final DistributionSummary oldestPending;

  private Metrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.http = new HttpServerMeters(registry);
    for (String outcome : OUTCOMES) {
      ledger.put(outcome, Counter.builder(LEDGER_OUTCOMES).tag("outcome", outcome)
          .description("Idempotent writes by ledger outcome").register(registry));
    }
    for (String entity : ENTITIES) {
      for (String status : SYNC_STATUSES) {
        syncOps.put(entity + " " + status, Counter.builder(SYNC_OPS).tag("entity", entity)
            .tag("status", status).description("Pushed ops by result").register(registry));
      }
    }
    for (String state : List.of("opened", "resolved", "superseded")) {
      conflicts.put(state, Counter.builder(CONFLICTS).tag("state", state)
          .description("Allergy conflicts opened and closed").register(registry));
    }
    for (Refusal reason : Refusal.values()) {
      refusals.put(reason, Counter.builder(UNAVAILABLE).tag("reason", reason.label())
          .description("503 problems by cause").register(registry));
    }
    queueDepth = DistributionSummary.builder(QUEUE_DEPTH).serviceLevelObjectives(DEPTHS)
        .description("Ops waiting in a device's queue, as reported with each push")
        .register(registry);
    oldestPending = DistributionSummary.builder(OLDEST_PENDING).baseUnit("seconds")
        .serviceLevelObjectives(AGES)
        .description("Age of a device's oldest unsent op, as reported with each push")
        .register(registry);
  }

  /** The meter of {@code key} in a map filled for its whole closed set: a miss is a bug here. */
  static <K, V> V registered(Map<K, V> meters, K key) {
    V meter = meters.get(key);
    if (meter == null) {
      throw new IllegalStateException("no meter registered for " + key);
    }
    return meter;
  }

  /** A fresh registry with the foodlens series at zero; give it to Vert.x when building it. */
  public static Metrics create() {
    return new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** An HTTP request began: counted in flight until {@link #httpResponded}. */
  public void httpBegan(String method) {
    http.active(method, 1);
  }

  /**
   * The request {@link #httpBegan} counted was answered by the route with template {@code route}
   * (null when none matched), with {@code code}, {@code nanos} after it began.
   */
  public void httpResponded(@Nullable String route, String method, int code, long nanos) {
    http.active(method, -1);
    http.responded(route, method, code, nanos);
  }

  /** One request answered a 503 problem, for {@code reason}. */
  public void refused(Refusal reason) {
    registered(refusals, reason).increment();
  }

  /** One idempotent write ended as {@code new}, {@code replayed} or {@code reused}. */
  public void ledgerOutcome(String outcome) {
    Counter counter = ledger.get(outcome);
    if (counter != null) {
      counter.increment();
    }
  }

  /** One pushed op's result; unknown entities and statuses count as {@code other}. */
  public void syncOp(String entity, String status) {
    String e = ENTITIES.contains(entity) ? entity : "other";
    String s = SYNC_STATUSES.contains(status) ? status : "other";
    registered(syncOps, e + " " + s).increment();
  }

  /** The conflicts one committed allergy op opened and closed (resolved or superseded). */
  public void conflicts(Outcome.Effects effects) {
    registered(conflicts, "opened").increment(effects.opened().size());
    for (Conflict closed : effects.closed()) {
      registered(conflicts, closed.state().name().toLowerCase(Locale.ROOT)).increment();
    }
  }

  /** The queue health one device reported with a push ({@code clientStats}). */
  public void clientStats(long queueDepth, double oldestPendingSeconds) {
    this.queueDepth.record(Math.max(0, queueDepth));
    this.oldestPending.record(Math.max(0, oldestPendingSeconds));
  }

  /**
   * {@code foodlens_writes_paused{entity}}: 1 while this instance refuses that entity's writes,
   * by the global pause or the entity's own ({@code writesPaused.<entity>}), else 0; so
   * {@code max(foodlens_writes_paused)} is 1 while any write is refused.
   */
  public void watch(LiveToggles toggles) {
    requireNonNull(toggles, "toggles");
    for (String entity : Toggles.ENTITIES) {
      Gauge.builder(WRITES_PAUSED, toggles, t -> t.current().writesPaused(entity) ? 1 : 0)
          .tag("entity", entity).description("1 while this entity's writes are paused")
          .strongReference(true).register(registry);
    }
  }

  /** The counter {@link LwwAutoResolved} keeps, exposed as {@value LwwAutoResolved#METRIC}. */
  public void watch(LwwAutoResolved autoResolved) {
    requireNonNull(autoResolved, "autoResolved");
    FunctionCounter.builder(LwwAutoResolved.METRIC, autoResolved, LwwAutoResolved::total)
        .description("Allergy remove/add pairs settled by last-writer-wins (gate off)")
        .register(registry);
  }

  /** Caffeine's statistics of {@code cache} ({@code cache_gets_total{cache,result}} and more). */
  public void watch(String name, Cache<?, ?> cache) {
    new CaffeineCacheMetrics<>(cache, name, List.of()).bindTo(registry);
  }
}
