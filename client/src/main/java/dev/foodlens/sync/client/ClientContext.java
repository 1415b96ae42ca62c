package dev.foodlens.sync.client;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What the parts of one client share: the store, the queue, the API, the options, and the
 * in-memory half of the status (online, last error, last success, bootstrap progress).
 */
final class ClientContext {
  private static final String NOT_BEFORE = "backoff.notBefore";
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

  /** True while the backoff holds the queue and the migration back. */
  boolean waiting(String userId) {
    SyncState state = db.tx(d -> SyncState.load(d, userId));
    return state.retryAt() != null && now().isBefore(state.retryAt());
  }

  /**
   * One more consecutive failed exchange, of the queue, the migration or the pull (one backoff
   * for all): wait a jittered time, never less than the server's {@code Retry-After}. A lost
   * answer that breaks a run of successes is retried at once: on a flaky mobile link one cut
   * says little about the next connection, and op ids and keys make the resend safe; a second
   * failure in a row waits as usual.
   */
  void failedSend(String userId, @Nullable Duration retryAfter, boolean answerLost) {
    Instant now = now();
    db.run(d -> {
      SyncState state = SyncState.load(d, userId);
      int failures = state.failures() + 1;
      Duration wait = answerLost && failures == 1 && retryAfter == null ? Duration.ZERO
          : options.backoff().delay(failures, retryAfter, random);
      state.backoff(failures, now.plus(wait)).save(d, userId);
      Meta.user(d, userId, NOT_BEFORE, Long.toString(retryAfter == null ? 0
          : now.plus(retryAfter).toEpochMilli()));
    });
  }

  /**
   * Whether a failed exchange lost its answer on the way (cut or reset): the connection was made
   * and did not time out. Refused connections and timeouts are not lost answers.
   */
  static boolean answerLost(IOException e) {
    return !(e instanceof java.net.ConnectException || e instanceof Api.NoToken
        || e instanceof java.io.InterruptedIOException
        || e instanceof java.net.http.HttpTimeoutException);
  }

  /**
   * The app says "now" (syncNow, networkAvailable, resume): the client's own backoff wait is
   * dropped, the failure count kept (a new failure still waits longer); a server's
   * {@code Retry-After} still holds.
   */
  void hurry(String userId) {
    db.run(d -> {
      SyncState state = SyncState.load(d, userId);
      String floor = Meta.user(d, userId, NOT_BEFORE);
      Instant notBefore = floor == null ? null : Instant.ofEpochMilli(Long.parseLong(floor));
      Instant next = notBefore != null && now().isBefore(notBefore) ? notBefore : null;
      if (!java.util.Objects.equals(next, state.retryAt())) {
        state.backoff(state.failures(), next).save(d, userId);
      }
    });
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

  /** A whole cycle succeeded: no error to show, and the backoff starts again from its base. */
  void succeeded(String userId) {
    lastError = null;
    db.run(d -> {
      SyncState state = SyncState.load(d, userId);
      if (state.failures() != 0 || state.retryAt() != null) {
        state.succeeded(state.lastSyncAt() == null ? now() : state.lastSyncAt()).save(d, userId);
      }
    });
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
