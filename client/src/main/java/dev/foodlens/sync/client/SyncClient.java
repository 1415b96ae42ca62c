package dev.foodlens.sync.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foodlens.sync.model.AllergenNames;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** The {@link FoodLensSync} of the builder: writes on the caller's thread, sync on a worker. */
final class SyncClient implements FoodLensSync {
  private static final java.util.Set<String> SEVERITIES = java.util.Set.of("severe", "moderate",
      "mild");
  private final ClientContext ctx;
  private final Pusher pusher;
  private final Puller puller;
  private final LegacyMigration migration;
  private final ScheduledExecutorService worker;
  private final AtomicBoolean kicked = new AtomicBoolean();
  private volatile @Nullable String user;
  private volatile boolean paused;
  private volatile boolean fallback;
  private @Nullable ScheduledFuture<?> retry;

  SyncClient(Options options) {
    Db db = Db.open(options.storePath());
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
  public QueuedOp patchProfile(Map<String, ?> fields) {
    return write("profile", "patch", null, fieldsPayload(fields), false);
  }

  @Override
  public QueuedOp patchSettings(Map<String, ?> fields) {
    return write("settings", "patch", null, fieldsPayload(fields), false);
  }

  @Override
  public QueuedOp addAllergy(String allergen, @Nullable String severity) {
    String code = allergen(AllergenNames.known(requireNonNull(allergen, "allergen")), allergen);
    if (severity != null && !SEVERITIES.contains(severity)) {
      throw new IllegalArgumentException("severity must be severe, moderate, mild or null: "
          + severity);
    }
    return write("allergies", "add", code, Json.object().put("allergen", code)
        .put("severity", severity), true);
  }

  @Override
  public QueuedOp removeAllergy(String allergen) {
    String code = allergen(AllergenNames.existing(requireNonNull(allergen, "allergen")),
        allergen);
    return write("allergies", "remove", code, Json.object(), true);
  }

  @Override
  public QueuedOp createScan(Scan scan) {
    return write("history", "create", null, requireNonNull(scan, "scan").folded().toJson(),
        false);
  }

  @Override
  public QueuedOp patchScan(UUID scanId, Map<String, ?> fields) {
    return write("history", "patch", scanId.toString(), Json.of(fields), false);
  }

  @Override
  public QueuedOp deleteScan(UUID scanId) {
    return write("history", "delete", scanId.toString(), Json.object(), false);
  }

  @Override
  public QueuedOp resolveConflict(UUID conflictId, String decision) {
    return write("conflict", "resolve", conflictId.toString(),
        Json.object().put("decision", requireNonNull(decision, "decision")), false);
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

  /** Allergy ops record the allergies version this device had seen (contract §4). */
  private QueuedOp write(String entity, String action, @Nullable String target,
      ObjectNode payload, boolean observing) {
    String userId = signedIn();
    Long observed = observing ? Math.max(migration.observed(userId, requireNonNull(target)),
        ctx.db().tx(d -> SyncState.load(d, userId)).serverVersion()) : null;
    OpRow op = ctx.queue().enqueue(userId, entity, action, target, payload.toString(), observed);
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
    ctx.db().tx(d -> {
      OpTable.prune(d, userId, SyncState.load(d, userId).serverVersion(),
          ctx.clock().millis() - ctx.options().retention().toMillis());
      return null;
    });
    if (migrated && drained && pulled) {
      ctx.succeeded(userId);
    } else {
      scheduleRetry(userId);
    }
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
    String userId = user;
    if (userId == null) {
      return new SyncStatus(null, 0, 0, 0, null, ctx.lastError(), ctx.online(), paused, null,
          ctx.bootstrap(), SyncStatus.Migration.NONE);
    }
    long now = ctx.clock().millis();
    return ctx.db().tx(d -> {
      long[] health = OpTable.health(d, userId);
      SyncState state = SyncState.load(d, userId);
      return new SyncStatus(userId, (int) health[0],
          health[1] < 0 ? 0 : Math.max(0, (now - health[1]) / 1000), (int) health[2],
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
    worker.shutdown();
    try {
      worker.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ctx.db().close();
  }
}
