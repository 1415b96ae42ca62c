package dev.foodlens.sync.cache;

import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries cache announcements between gateway instances over Postgres {@code LISTEN/NOTIFY}.
 *
 * <p>Out of band: a write's transaction never sends {@code NOTIFY} (it takes a global lock at
 * commit). After commit the write's announcement is queued here and sent with the others of the
 * next few milliseconds in one {@code pg_notify}. Correctness never hangs on delivery: each
 * announcement carries the version, so a late one changes nothing; and when the listening
 * connection drops, announcements may be lost, so on every (re)subscription the whole cache is
 * cleared. An instance ignores its own announcements.
 */
public final class CacheBus extends VerticleBase implements ResourceCache.Announcer {
  static final String CHANNEL = "foodlens_cache";
  /** Postgres refuses payloads of 8000 bytes or more. */
  private static final int MAX_PAYLOAD = 7000;
  private static final Logger LOG = LoggerFactory.getLogger(CacheBus.class);

  private final String announceSql = Sql.load("cache/announce");
  private final String instance = UUID.randomUUID().toString();
  private final Queue<JsonArray> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final Pool pool;
  private final Supplier<Future<SqlConnectOptions>> primary;
  private final Duration delay;
  private @Nullable ResourceCache cache;
  private @Nullable PgSubscriber subscriber;
  private boolean stopped;

  /**
   * {@code primary} names the host to listen on: NOTIFY is not replicated and a standby refuses
   * LISTEN, so after a failover the listener moves to the new primary with the pool.
   */
  public CacheBus(Pool pool, Supplier<Future<SqlConnectOptions>> primary, Duration delay) {
    this.pool = pool;
    this.primary = primary;
    this.delay = delay;
  }

  /** The cache that announcements from other instances invalidate; set before deployment. */
  public void listenFor(ResourceCache cache) {
    this.cache = cache;
  }

  @Override
  public Future<?> start() {
    listen();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    PgSubscriber current = subscriber;
    return current == null ? Future.succeededFuture() : current.close();
  }

  @Override
  public void announce(ResourceCache.Key key, long version) {
    outbox.add(new JsonArray().add(key.userId()).add(key.resource()).add(version));
    if (vertx != null && flushScheduled.compareAndSet(false, true)) {
      vertx.setTimer(Math.max(1, delay.toMillis()), id -> flush());
    }
  }

  /**
   * Subscribes on the current primary; whenever the connection is lost or cannot be made (a
   * database down at start-up must not stop the gateway), asks for the primary again a second
   * later. Every subscription clears the cache: announcements may have been missed meanwhile.
   */
  private void listen() {
    if (stopped) {
      return;
    }
    ResourceCache target = requireNonNull(cache, "listenFor(cache) comes before deployment");
    primary.get().compose(options -> {
      PgSubscriber next = PgSubscriber.subscriber(vertx, (PgConnectOptions) options);
      subscriber = next;
      next.channel(CHANNEL)
          .subscribeHandler(v -> target.clear())
          .handler(payload -> receive(target, payload));
      next.closeHandler(v -> later());
      return next.connect().onFailure(e -> next.close());
    }).onFailure(e -> {
      LOG.warn("cache listener cannot connect; retrying: {}", e.toString());
      later();
    });
  }

  private void later() {
    if (!stopped) {
      vertx.setTimer(1_000, id -> listen());
    }
  }

  private void flush() {
    flushScheduled.set(false);
    JsonArray batch = new JsonArray();
    int size = 0;
    for (JsonArray entry = outbox.poll(); entry != null; entry = outbox.poll()) {
      batch.add(entry);
      size += entry.encode().length() + 1;
      if (size > MAX_PAYLOAD) {
        send(batch);
        batch = new JsonArray();
        size = 0;
      }
    }
    if (!batch.isEmpty()) {
      send(batch);
    }
  }

  /** A lost send is a lost announcement: the entries it named expire or are replaced later. */
  private void send(JsonArray changes) {
    String payload = new JsonObject().put("from", instance).put("changes", changes).encode();
    pool.preparedQuery(announceSql).execute(Tuple.of(CHANNEL, payload))
        .onFailure(e -> LOG.warn("cache announcement not sent: {}", e.toString()));
  }

  private void receive(ResourceCache target, String payload) {
    JsonObject message = new JsonObject(payload);
    if (instance.equals(message.getString("from"))) {
      return;
    }
    for (Object item : message.getJsonArray("changes")) {
      JsonArray change = (JsonArray) item;
      target.heard(new ResourceCache.Key(change.getString(0), change.getString(1)),
          change.getLong(2));
    }
  }
}
