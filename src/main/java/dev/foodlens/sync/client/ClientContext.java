package dev.foodlens.sync.client;

import java.time.Clock;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What the parts of one client share: the store, the queue, the API, the options, and the
 * in-memory half of the status (online, last error, last success, bootstrap progress).
 */
final class ClientContext {
  private final Options options;
  private final Db db;
  private final Api api;
  private final SyncQueue queue;
  private final Events events;
  private final RandomGenerator random;
  private volatile boolean online = true;
  private volatile @Nullable String lastError;
  private volatile SyncStatus.Bootstrap bootstrap = SyncStatus.Bootstrap.IDLE;

  ClientContext(Options options, Db db, Events events, RandomGenerator random) {
    this.options = options;
    this.db = db;
    this.events = events;
    this.random = random;
    this.api = new Api(options.baseUri(), options.transport(), options.tokens(),
        options.deviceId(), options.clock());
    this.queue = new SyncQueue(db, options.clock(), events, options.queueLimits());
  }

  Options options() {
    return options;
  }

  Db db() {
    return db;
  }

  Api api() {
    return api;
  }

  SyncQueue queue() {
    return queue;
  }

  Events events() {
    return events;
  }

  Clock clock() {
    return options.clock();
  }

  RandomGenerator random() {
    return random;
  }

  void online(String userId, boolean now) {
    boolean was = online;
    online = now;
    if (was != now) {
      events.emit(SyncEvent.of(now ? SyncEvent.Type.ONLINE : SyncEvent.Type.OFFLINE, userId,
          null));
    }
  }

  boolean online() {
    return online;
  }

  void error(String why) {
    lastError = why;
  }

  void succeeded() {
    lastError = null;
  }

  @Nullable String lastError() {
    return lastError;
  }

  void bootstrap(SyncStatus.Bootstrap progress) {
    bootstrap = progress;
  }

  SyncStatus.Bootstrap bootstrap() {
    return bootstrap;
  }

  Instant now() {
    return clock().instant();
  }
}
