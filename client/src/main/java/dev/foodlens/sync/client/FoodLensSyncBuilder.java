package dev.foodlens.sync.client;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link FoodLensSync}. Required: {@link #baseUri}, {@link #tokens},
 * {@link #deviceId}, {@link #storePath} (or {@link #localStore}). Defaults: system clock,
 * {@link Backoff#defaults()},
 * retention 30 days (the server's idempotency retention), pages of 500, automatic sync on with
 * a pull every minute, no legacy store, queue caps of 10,000 ops and 10 MiB per user. Not
 * thread-safe; {@link #build()} may be called again.
 */
public final class FoodLensSyncBuilder {
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private @Nullable URI baseUri;
  private @Nullable TokenSource tokens;
  private @Nullable String deviceId;
  private java.util.function.@Nullable Supplier<LocalStore> store;
  private Clock clock = Clock.systemUTC();
  private Backoff backoff = Backoff.defaults();
  private SyncListener listener = SyncListener.none();
  private @Nullable Transport transport;
  private Duration timeout = Duration.ofSeconds(30);
  private Duration retention = Duration.ofDays(30);
  private int pageSize = 500;
  private boolean autoSync = true;
  private Duration pullInterval = Duration.ofMinutes(1);
  private @Nullable Path legacyStore;
  private boolean legacyFallback;
  private int migrationChunk = 200;
  private QueueLimits queueLimits = QueueLimits.DEFAULTS;

  FoodLensSyncBuilder() {}

  /** The gateway, e.g. {@code https://sync.foodlens.dev}; routes resolve against it. */
  public FoodLensSyncBuilder baseUri(URI uri) {
    this.baseUri = requireNonNull(uri, "uri");
    return this;
  }

  /** Called per request for the user whose data it carries. */
  public FoodLensSyncBuilder tokens(TokenSource tokens) {
    this.tokens = requireNonNull(tokens, "tokens");
    return this;
  }

  /** This device's id (contract §2: 1–128 of {@code [A-Za-z0-9._-]}), stable per install. */
  public FoodLensSyncBuilder deviceId(String deviceId) {
    if (!DEVICE_ID.matcher(requireNonNull(deviceId, "deviceId")).matches()) {
      throw new IllegalArgumentException("deviceId must be 1-128 of [A-Za-z0-9._-]: " + deviceId);
    }
    this.deviceId = deviceId;
    return this;
  }

  /** The SQLite file (created when missing). */
  public FoodLensSyncBuilder storePath(Path path) {
    requireNonNull(path, "path");
    this.store = () -> LocalStore.jdbc(path);
    return this;
  }

  /**
   * Another store instead of the SQLite file of {@link #storePath} (e.g. an Android app's
   * {@code client.android.SupportStore}); asked for a fresh one after a sign-out deleted the file.
   */
  public FoodLensSyncBuilder localStore(java.util.function.Supplier<LocalStore> store) {
    this.store = requireNonNull(store, "store");
    return this;
  }

  public FoodLensSyncBuilder clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  public FoodLensSyncBuilder backoff(Backoff backoff) {
    this.backoff = requireNonNull(backoff, "backoff");
    return this;
  }

  public FoodLensSyncBuilder listener(SyncListener listener) {
    this.listener = requireNonNull(listener, "listener");
    return this;
  }

  /** Another transport (default: java.net.http with {@link #timeout}). */
  public FoodLensSyncBuilder transport(Transport transport) {
    this.transport = requireNonNull(transport, "transport");
    return this;
  }

  public FoodLensSyncBuilder timeout(Duration timeout) {
    this.timeout = positive(timeout, "timeout");
    return this;
  }

  /** Ops older than this are never sent: they fail as {@code expired}. Keep ≤ the server's. */
  public FoodLensSyncBuilder retention(Duration retention) {
    this.retention = positive(retention, "retention");
    return this;
  }

  /** The {@code limit} of each pull page, 1–1000. */
  public FoodLensSyncBuilder pageSize(int size) {
    if (size < 1 || size > 1000) {
      throw new IllegalArgumentException("pageSize must be 1-1000, got " + size);
    }
    this.pageSize = size;
    return this;
  }

  /** Off: the client syncs only when {@link FoodLensSync#syncNow()} is called. */
  public FoodLensSyncBuilder autoSync(boolean on) {
    this.autoSync = on;
    return this;
  }

  public FoodLensSyncBuilder pullInterval(Duration interval) {
    this.pullInterval = positive(interval, "pullInterval");
    return this;
  }

  /** The phase-1 folder to migrate on the first sign-in, and to fall back to. */
  public FoodLensSyncBuilder legacyStore(Path folder) {
    this.legacyStore = requireNonNull(folder, "folder");
    return this;
  }

  public FoodLensSyncBuilder legacyFallback(boolean on) {
    this.legacyFallback = on;
    return this;
  }

  /** History entries per {@code /me/migrate} call, at least 1. */
  public FoodLensSyncBuilder migrationChunk(int entries) {
    if (entries < 1) {
      throw new IllegalArgumentException("migrationChunk must be >= 1, got " + entries);
    }
    this.migrationChunk = entries;
    return this;
  }

  /**
   * The most a user's queue holds on the device (default 10,000 ops and 10 MiB of payload): ops
   * waiting there (pending, sending or failed) and their payload bytes. At the cap a write
   * throws {@link QueueFullException} and emits {@link SyncEvent.Type#QUEUE_FULL}; nothing
   * queued is dropped. Both at least 1.
   */
  public FoodLensSyncBuilder queueLimits(int maxOps, long maxBytes) {
    this.queueLimits = new QueueLimits(maxOps, maxBytes);
    return this;
  }

  /** Opens the store (recovering ops a crash left in {@code sending}) and starts the worker. */
  public FoodLensSync build() {
    requireNonNull(baseUri, "baseUri is required");
    requireNonNull(tokens, "tokens is required");
    requireNonNull(deviceId, "deviceId is required");
    requireNonNull(store, "storePath or localStore is required");
    Options options = new Options(baseUri, tokens, deviceId, store, clock, backoff, listener,
        transport != null ? transport : Transport.http(timeout), retention, pageSize, autoSync,
        pullInterval, legacyStore, legacyFallback, migrationChunk, queueLimits);
    return new SyncClient(options);
  }

  private static Duration positive(Duration d, String name) {
    if (requireNonNull(d, name).isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }
}
