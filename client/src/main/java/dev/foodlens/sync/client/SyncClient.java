package dev.foodlens.sync.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foodlens.sync.model.AllergenNames;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The {@link FoodLensSync} of the builder: writes on the caller's thread, sync on a worker. */
final class SyncClient implements FoodLensSync {
  private final ClientContext ctx;
  private final Pusher pusher;
  private final Puller puller;
  private final LegacyMigration migration;
  private final ScheduledExecutorService worker;
  private final java.util.concurrent.ExecutorService writer;
  private volatile @Nullable Thread writerThread;
  private final LiveQueries live;
  private final AtomicBoolean kicked = new AtomicBoolean();
  private volatile @Nullable String user;
  private volatile boolean paused;
  private volatile boolean fallback;
  private @Nullable ScheduledFuture<?> retry;

  SyncClient(Options options) {
    Db db = Db.open(options.store());
    this.ctx = new ClientContext(options, db, new Events(options.listener()), new SecureRandom());
    this.pusher = new Pusher(ctx);
    this.puller = new Puller(ctx);
    this.migration = new LegacyMigration(ctx);
    this.fallback = options.legacyFallback();
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "foodlens-sync-" + options.deviceId());
      t.setDaemon(true);
      return t;
    });
    // close() waits for the cycle in progress, not for retries scheduled minutes ahead
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.worker = executor;
    this.writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "foodlens-write-" + options.deviceId());
      t.setDaemon(true);
      writerThread = t;
      return t;
    });
    this.live = new LiveQueries(ctx, options.deviceId());
    ctx.queue().recover();
    if (options.autoSync()) {
      long every = options.pullInterval().toMillis();
      worker.scheduleWithFixedDelay(this::cycleQuietly, every, every, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void signIn(String userId) {
    requireNonNull(userId, "userId");
    user = userId;
    migration.prepare(userId);
    ctx.events().emit(SyncEvent.of(SyncEvent.Type.SIGNED_IN, userId, null));
    kick();
  }

  @Override
  public void signOut() {
    String was = user;
    user = null;
    if (was != null) {
      ctx.events().emit(SyncEvent.of(SyncEvent.Type.SIGNED_OUT, was, null));
    }
  }

  @Override
  public CompletableFuture<List<QueuedOp>> signOut(ClearLocalData clear) {
    if (requireNonNull(clear, "clear") == ClearLocalData.KEEP) {
      signOut();
      return CompletableFuture.completedFuture(List.of());
    }
    String userId = signedIn();
    user = null;
    // writes made before the call are stored first, so the push below sees them
    return CompletableFuture.runAsync(() -> { }, writer)
        .thenApplyAsync(done -> forget(userId), worker);
  }

  /**
   * The user's last push (unless paused: then nothing leaves), then every row of the user gone;
   * the file too when the user was the store's last. Ops still unconfirmed are answered.
   */
  private List<QueuedOp> forget(String userId) {
    if (!paused) {
      ctx.hurry(userId);
      try {
        if (migration.run(userId)) {
          pusher.drain(userId);
        }
      } catch (RuntimeException e) {
        ctx.error("push before sign-out: " + e);
      }
    }
    List<QueuedOp> unsent = ctx.db().tx(d -> {
      List<QueuedOp> left = d.query("SELECT * FROM ops WHERE user_id = ? AND state != 'synced' "
          + "ORDER BY seq", OpRow::from, userId).stream().map(OpRow::view).toList();
      for (String table : List.of("ops", "snapshot", "sync_state", "user_meta",
          "migration_chunks")) {
        d.update("DELETE FROM " + table + " WHERE user_id = ?", userId);
      }
      return left;
    });
    ctx.queue().dropped(unsent);
    unsent.forEach(op -> ctx.events().emit(SyncEvent.dropped(userId, op)));
    if (!ctx.db().othersThan(userId)) {
      ctx.db().wipe();
    }
    ctx.events().emit(SyncEvent.of(SyncEvent.Type.SIGNED_OUT, userId, "local data cleared"));
    return unsent;
  }

  @Override
  public Optional<String> currentUser() {
    return Optional.ofNullable(user);
  }

  private String signedIn() {
    String current = user;
    if (current == null) {
      throw new IllegalStateException("nobody is signed in");
    }
    return current;
  }

  private LocalView view() {
    return LocalView.of(ctx.db(), signedIn());
  }

  @Override
  public Map<String, Object> profile() {
    return view().profile();
  }

  @Override
  public Map<String, @Nullable Object> settings() {
    return SettingsDefaults.shown(ctx.db(), view().settings());
  }

  @Override
  public Profile profileView() {
    return Profile.of(profile());
  }

  @Override
  public Settings settingsView() {
    return Settings.of(settings());
  }

  @Override
  public List<Allergy> allergies() {
    return view().allergies();
  }

  @Override
  public List<Scan> history() {
    return view().history();
  }

  @Override
  public List<Conflict> conflicts() {
    return view().conflicts();
  }

  @Override
  public HistoryPage historyPage(@Nullable String cursor, int limit) {
    return LocalView.historyPage(ctx.db(), signedIn(), cursor, pageLimit(limit));
  }

  private static int pageLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    return limit;
  }

  @Override
  public Subscription observeProfile(Executor executor, Consumer<LiveValue<Profile>> observer) {
    String userId = signedIn();
    return live.observe(userId, d -> Profile.of(LocalView.of(d, userId,
        EnumSet.of(Entity.PROFILE)).profile()), Entity.PROFILE, null, executor, observer);
  }

  @Override
  public Subscription observeSettings(Executor executor,
      Consumer<LiveValue<Settings>> observer) {
    String userId = signedIn();
    return live.observe(userId, d -> Settings.of(SettingsDefaults.shown(d, LocalView.of(d,
        userId, EnumSet.of(Entity.SETTINGS)).settings())), Entity.SETTINGS, null, executor,
        observer);
  }

  @Override
  public Subscription observeAllergies(Executor executor,
      Consumer<LiveValue<List<Allergy>>> observer) {
    String userId = signedIn();
    return live.observe(userId, d -> LocalView.of(d, userId, EnumSet.of(Entity.ALLERGIES))
        .allergies(), Entity.ALLERGIES, null, executor, observer);
  }

  @Override
  public Subscription observeHistory(@Nullable String cursor, int limit, Executor executor,
      Consumer<LiveValue<HistoryPage>> observer) {
    String userId = signedIn();
    int n = pageLimit(limit);
    return live.observe(userId, d -> LocalView.historyPage(d, userId, cursor, n),
        Entity.HISTORY, null, executor, observer);
  }

  @Override
  public Subscription observeConflicts(Executor executor,
      Consumer<LiveValue<List<Conflict>>> observer) {
    String userId = signedIn();
    return live.observe(userId, d -> LocalView.of(d, userId, EnumSet.of(Entity.CONFLICT))
        .conflicts(), Entity.CONFLICT, null, executor, observer);
  }

  @Override
  public Subscription observeStatus(Executor executor,
      Consumer<LiveValue<SyncStatus>> observer) {
    String userId = signedIn();
    return live.observe(userId, d -> status(userId), null, s -> s.queueDepth() > 0, executor,
        observer);
  }

  @Override
  public Subscription onConflictOpened(Executor executor, Consumer<Conflict> observer) {
    return live.onConflictOpened(signedIn(), requireNonNull(executor, "executor"),
        requireNonNull(observer, "observer"));
  }

  @Override
  public QueuedOp patchProfile(Map<String, ?> fields) {
    return blocking(profilePatch(fields));
  }

  @Override
  public QueuedOp patchSettings(Map<String, ?> fields) {
    return blocking(settingsPatch(fields));
  }

  @Override
  public QueuedOp addAllergy(String allergen, @Nullable Severity severity) {
    return blocking(allergyAdd(allergen, severity));
  }

  @Override
  public QueuedOp removeAllergy(String allergen) {
    return blocking(allergyRemove(allergen));
  }

  @Override
  public QueuedOp createScan(Scan scan) {
    return blocking(scanCreate(scan));
  }

  @Override
  public QueuedOp patchScan(UUID scanId, Map<String, ?> fields) {
    return blocking(scanPatch(scanId, fields));
  }

  @Override
  public QueuedOp deleteScan(UUID scanId) {
    return blocking(scanDelete(scanId));
  }

  @Override
  public QueuedOp resolveConflict(UUID conflictId, Decision decision) {
    return blocking(conflictResolve(conflictId, decision));
  }

  @Override
  public AsyncWrites async() {
    return async;
  }

  private final AsyncWrites async = new AsyncWrites() {
    @Override
    public Write patchProfile(Map<String, ?> fields) {
      return submit(profilePatch(fields));
    }

    @Override
    public Write patchSettings(Map<String, ?> fields) {
      return submit(settingsPatch(fields));
    }

    @Override
    public Write addAllergy(String allergen, @Nullable Severity severity) {
      return submit(allergyAdd(allergen, severity));
    }

    @Override
    public Write removeAllergy(String allergen) {
      return submit(allergyRemove(allergen));
    }

    @Override
    public Write createScan(Scan scan) {
      return submit(scanCreate(scan));
    }

    @Override
    public Write patchScan(UUID scanId, Map<String, ?> fields) {
      return submit(scanPatch(scanId, fields));
    }

    @Override
    public Write deleteScan(UUID scanId) {
      return submit(scanDelete(scanId));
    }

    @Override
    public Write resolveConflict(UUID conflictId, Decision decision) {
      return submit(conflictResolve(conflictId, decision));
    }
  };

  /** A write checked on the caller's thread, for the user signed in then, not yet stored. */
  private record Prepared(String userId, Entity entity, String action, @Nullable String target,
      ObjectNode payload, boolean observing) {}

  private Prepared prepared(Entity entity, String action, @Nullable String target,
      ObjectNode payload, boolean observing) {
    return new Prepared(signedIn(), entity, action, target, payload, observing);
  }

  private Prepared profilePatch(Map<String, ?> fields) {
    return prepared(Entity.PROFILE, "patch", null, fieldsPayload(fields), false);
  }

  private Prepared settingsPatch(Map<String, ?> fields) {
    return prepared(Entity.SETTINGS, "patch", null, fieldsPayload(fields), false);
  }

  private Prepared allergyAdd(String allergen, @Nullable Severity severity) {
    String code = allergen(AllergenNames.known(requireNonNull(allergen, "allergen")), allergen);
    return prepared(Entity.ALLERGIES, "add", code, Json.object().put("allergen", code)
        .put("severity", severity == null ? null : severity.wire()), true);
  }

  private Prepared allergyRemove(String allergen) {
    String code = allergen(AllergenNames.existing(requireNonNull(allergen, "allergen")),
        allergen);
    return prepared(Entity.ALLERGIES, "remove", code, Json.object(), true);
  }

  private Prepared scanCreate(Scan scan) {
    return prepared(Entity.HISTORY, "create", null,
        requireNonNull(scan, "scan").folded().toJson(), false);
  }

  private Prepared scanPatch(UUID scanId, Map<String, ?> fields) {
    return prepared(Entity.HISTORY, "patch", scanId.toString(), Json.of(fields), false);
  }

  private Prepared scanDelete(UUID scanId) {
    return prepared(Entity.HISTORY, "delete", scanId.toString(), Json.object(), false);
  }

  private Prepared conflictResolve(UUID conflictId, Decision decision) {
    return prepared(Entity.CONFLICT, "resolve", conflictId.toString(),
        Json.object().put("decision", requireNonNull(decision, "decision").wire()), false);
  }

  private static ObjectNode fieldsPayload(Map<String, ?> fields) {
    ObjectNode payload = Json.object();
    payload.set("fields", Json.of(requireNonNull(fields, "fields")));
    return payload;
  }

  /** Refused at the call, with the server's own words, what the server would refuse later. */
  private static String allergen(Optional<String> code, String name) {
    return code.orElseThrow(() -> new IllegalArgumentException("\"" + name + "\" "
        + AllergenNames.unknown()));
  }

  private Write submit(Prepared write) {
    CompletableFuture<QueuedOp> committed = CompletableFuture.supplyAsync(() -> commit(write),
        writer);
    return new Write(committed, committed.thenCompose(op -> ctx.queue().completion(
        write.userId(), op.opId())));
  }

  /**
   * Stored through the writer thread too, so a blocking write never overtakes an async one made
   * before it; on the writer thread itself (a listener that writes) it runs in place.
   */
  private QueuedOp blocking(Prepared write) {
    if (Thread.currentThread() == writerThread) {
      return commit(write);
    }
    try {
      return CompletableFuture.supplyAsync(() -> commit(write), writer).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Allergy ops record the allergies version this device had seen (contract §4). */
  private QueuedOp commit(Prepared w) {
    String userId = w.userId();
    Long observed = w.observing() ? Math.max(migration.observed(userId,
        requireNonNull(w.target())), ctx.db().tx(d -> SyncState.load(d, userId))
        .serverVersion()) : null;
    OpRow op = ctx.queue().enqueue(userId, w.entity().wire(), w.action(), w.target(),
        w.payload().toString(), observed);
    kick();
    return op.view();
  }

  @Override
  public CompletableFuture<OpResult> completion(UUID opId) {
    return ctx.queue().completion(signedIn(), opId);
  }

  @Override
  public CompletableFuture<SyncStatus> syncNow() {
    return CompletableFuture.supplyAsync(() -> {
      hurry();
      cycle();
      return status();
    }, worker);
  }

  @Override
  public CompletableFuture<SyncStatus> networkAvailable() {
    return syncNow();
  }

  /** An explicit "now" from the app skips the client's own backoff wait (not Retry-After). */
  private void hurry() {
    String userId = user;
    if (userId != null) {
      ctx.hurry(userId);
    }
  }

  private void kick() {
    if (ctx.options().autoSync() && kicked.compareAndSet(false, true)) {
      worker.execute(() -> {
        kicked.set(false);
        cycleQuietly();
      });
    }
  }

  private void cycleQuietly() {
    try {
      cycle();
    } catch (RuntimeException e) {
      ctx.error("sync cycle: " + e);
    }
  }

  /**
   * Migration, push, pull. The migration's chunks are the head of the queue: nothing is pushed
   * while one is pending, so no op reaches the server before the legacy records it may edit.
   * A cycle where all three succeed clears {@code lastError}.
   */
  private void cycle() {
    String userId = user;
    if (userId == null || paused) {
      return;
    }
    migration.prepare(userId);
    boolean migrated = migration.run(userId);
    boolean drained = migrated && pusher.drain(userId);
    boolean pulled = puller.pull(userId);
    if (pulled) {
      migration.covered(userId);
    }
    ctx.db().run(d -> {
      OpTable.prune(d, userId, SyncState.load(d, userId).serverVersion(),
          ctx.clock().millis() - ctx.options().retention().toMillis());
    });
    if (migrated && drained && pulled) {
      ctx.succeeded(userId);
    } else {
      scheduleRetry(userId);
    }
    live.changed();
  }

  /** One retry timer at a time: a new failure replaces the one scheduled before. */
  private synchronized void scheduleRetry(String userId) {
    if (!ctx.options().autoSync()) {
      return;
    }
    SyncState state = ctx.db().tx(d -> SyncState.load(d, userId));
    long wait = state.retryAt() == null ? ctx.options().pullInterval().toMillis()
        : Math.max(0, state.retryAt().toEpochMilli() - ctx.clock().millis());
    if (retry != null) {
      retry.cancel(false);
    }
    retry = worker.schedule(this::cycleQuietly, wait, TimeUnit.MILLISECONDS);
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
    if (ctx.options().autoSync()) {
      worker.execute(() -> {
        hurry();
        cycleQuietly();
      });
    }
  }

  @Override
  public List<QueuedOp> pendingOps() {
    String userId = signedIn();
    return ctx.db().tx(d -> {
      List<OpRow> rows = new java.util.ArrayList<>(OpTable.inState(d, userId, OpState.SENDING));
      rows.addAll(OpTable.inState(d, userId, OpState.PENDING));
      rows.sort(java.util.Comparator.comparingLong(OpRow::seq));
      return rows.stream().map(OpRow::view).toList();
    });
  }

  @Override
  public List<QueuedOp> failedOps() {
    String userId = signedIn();
    return ctx.db().tx(d -> OpTable.inState(d, userId, OpState.FAILED)).stream()
        .map(OpRow::view).toList();
  }

  @Override
  public QueuedOp retry(UUID opId) {
    QueuedOp op = ctx.queue().retry(signedIn(), opId, null);
    kick();
    return op;
  }

  @Override
  public QueuedOp retry(UUID opId, Map<String, ?> fixedPayload) {
    String userId = signedIn();
    QueuedOp op = ctx.queue().retry(userId, opId, Json.of(fixedPayload).toString());
    kick();
    return op;
  }

  @Override
  public void discard(UUID opId) {
    ctx.queue().discard(signedIn(), opId);
  }

  @Override
  public SyncStatus status() {
    return status(user);
  }

  private SyncStatus status(@Nullable String userId) {
    if (userId == null) {
      return new SyncStatus(null, 0, 0, 0, null, ctx.lastError(), ctx.online(), paused, null,
          ctx.bootstrap(), SyncStatus.Migration.NONE);
    }
    long now = ctx.clock().millis();
    return ctx.db().tx(d -> {
      QueueHealth health = OpTable.health(d, userId);
      SyncState state = SyncState.load(d, userId);
      return new SyncStatus(userId, health.depth(), health.oldestSeconds(now), health.failed(),
          state.lastSyncAt(), ctx.lastError(), ctx.online(), paused, state.retryAt(),
          ctx.bootstrap(), migration.progress(userId));
    });
  }

  @Override
  public Optional<LegacyRecords> legacyRecords() {
    String userId = signedIn();
    if (!fallback || !migration.owns(userId)) {
      return Optional.empty();
    }
    return Optional.of(LegacyReader.read(requireNonNull(ctx.options().legacyStore()), userId));
  }

  @Override
  public void legacyFallback(boolean on) {
    fallback = on;
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    live.close();
    worker.shutdown();
    try {
      worker.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ctx.db().close();
  }
}
