package dev.foodlens.sync.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The offline-first FoodLens client: reads answer at once from the device, writes are queued
 * durably and pushed when the gateway can be reached, and the server's changes are pulled in.
 * Built with {@link #builder()}.
 *
 * <p><b>Reads</b> ({@link #profile()}, {@link #allergies()}, …) return the signed-in user's
 * server snapshot with that user's unconfirmed ops replayed on top; they never touch the network.
 *
 * <p><b>Writes</b> apply locally and enqueue an op with a UUID made once, stored with it: every
 * resend reuses it, so the server applies each op at most once. Each write returns the op as
 * queued (stored by the SDK's writer thread, the caller waiting; {@link #async()} has the same
 * writes returning at once); {@link #completion(UUID)} completes when the server confirmed it or
 * it failed.
 *
 * <p><b>Users.</b> Every stored row is keyed by user id. Reads, writes and sync act only for
 * the user of {@link #signIn}; another user's cache and queue are never shown or sent, and a
 * user's ops are sent only with the token the {@link TokenSource} gives for that user. Methods
 * that act for the user throw {@link IllegalStateException} when nobody is signed in.
 *
 * <p><b>Threads.</b> Implementations are thread-safe. Network work runs on one worker thread of
 * the client; {@link #syncNow()} and the automatic sync (if enabled) queue work for it. Writes
 * are stored by one writer thread, in call order; live queries read on one more thread and
 * deliver on the executor each observer gave. Null is never returned; arguments must not be null
 * unless marked.
 */
public interface FoodLensSync extends AutoCloseable {

  static FoodLensSyncBuilder builder() {
    return new FoodLensSyncBuilder();
  }

  /**
   * Makes {@code userId} the user every read, write and sync acts for (sync is kicked). At the
   * first sign-in of the device's legacy folder owner the folder is read into the device here,
   * so reads show its records at once, offline.
   */
  void signIn(String userId);

  /** Nobody is signed in afterwards; every user's data stays stored, untouched. */
  void signOut();

  /**
   * Nobody is signed in afterwards (at once). With {@link ClearLocalData#CLEAR}, on the worker:
   * the writes made before the call are stored, the queue is pushed once more (not while
   * {@link #pause paused}), then every row of the user is deleted — and the store's file too
   * when no other user has rows in it (a fresh empty store takes its place). Completes with the
   * ops the server had not confirmed, now deleted: each also emitted as
   * {@link SyncEvent.Type#OP_DROPPED}, and its {@link #completion} fails with a
   * {@link java.util.concurrent.CancellationException}. With {@code KEEP}, as {@link #signOut()},
   * completing with no ops.
   */
  CompletableFuture<List<QueuedOp>> signOut(ClearLocalData clear);

  Optional<String> currentUser();

  /** Profile fields that hold a value. */
  Map<String, Object> profile();

  /**
   * Settings as pulled and edited, as the server shows them: every key of the gateway's settings
   * schema, a key never set or cleared with the schema's default (the defaults come with each
   * pull, so before the first one only the keys set are listed, a cleared one as null).
   */
  Map<String, @Nullable Object> settings();

  /** {@link #profile()}, typed. */
  Profile profileView();

  /** {@link #settings()}, typed (the keys the schema ships). */
  Settings settingsView();

  /** Present allergens, sorted by code. */
  List<Allergy> allergies();

  /** Scans not deleted, newest first. */
  List<Scan> history();

  /** Every allergy conflict the server reported, as resolved locally where pending. */
  List<Conflict> conflicts();

  /**
   * A page of {@link #history()} after {@code cursor} (null: the newest), at most {@code limit}
   * scans; read from an index, so a page costs the same with 10 scans or 10,000.
   */
  HistoryPage historyPage(@Nullable String cursor, int limit);

  /**
   * Live queries. Each observes the signed-in user's data as the matching read shows it: the
   * observer gets the current value at once, then each new value after a change, local (a write,
   * an op confirmed or failed) or pulled, with {@link LiveValue#pendingWrites()}. A change that
   * leaves the value and its pending flag as they were is not delivered. Values are read on an
   * SDK thread and delivered on {@code executor} (on Android, the main thread's), one at a time
   * and in order per observer; never on the calling thread unless the executor runs there.
   * {@link Subscription#close()} cancels. The observer stays with the user signed in at the call.
   */
  Subscription observeProfile(Executor executor, Consumer<LiveValue<Profile>> observer);

  Subscription observeSettings(Executor executor, Consumer<LiveValue<Settings>> observer);

  Subscription observeAllergies(Executor executor, Consumer<LiveValue<List<Allergy>>> observer);

  /** One page of the history, live: {@code cursor} null for the newest scans. */
  Subscription observeHistory(@Nullable String cursor, int limit, Executor executor,
      Consumer<LiveValue<HistoryPage>> observer);

  Subscription observeConflicts(Executor executor,
      Consumer<LiveValue<List<Conflict>>> observer);

  /** The status; {@code pendingWrites} while the queue holds ops to send. */
  Subscription observeStatus(Executor executor, Consumer<LiveValue<SyncStatus>> observer);

  /**
   * Each allergy conflict of the signed-in user that a pull brings open and that was not open on
   * the device before, once, with both sides (as {@link SyncEvent.Type#CONFLICT_OPENED}).
   */
  Subscription onConflictOpened(Executor executor, Consumer<Conflict> observer);

  /**
   * Each field is its own last-writer-wins register; a null value clears the field. A patch
   * right after a patch of the same resource that never left the device folds into it (this
   * and {@link #patchSettings}, {@link #patchScan} answer that op, same id).
   */
  QueuedOp patchProfile(Map<String, ?> fields);

  QueuedOp patchSettings(Map<String, ?> fields);

  /**
   * Adds an allergen by name, folded to its code exactly as the gateway folds it
   * ({@code "Peanuts"} → {@code peanut}, {@code "Tree nuts"} → {@code tree-nut}; the list is
   * {@link dev.foodlens.sync.model.AllergenNames#codes()}, and {@code other-<name>} for the
   * rest). {@code severity} may be null.
   *
   * @throws IllegalArgumentException for a name the table does not know: nothing is queued (the
   *     gateway would refuse it)
   */
  QueuedOp addAllergy(String allergen, @Nullable Severity severity);

  /**
   * Removes an allergen by name (folded as in {@link #addAllergy}) or by any well-formed code
   * the server shows.
   *
   * @throws IllegalArgumentException for a name that is neither
   */
  QueuedOp removeAllergy(String allergen);

  QueuedOp createScan(Scan scan);

  /** Any of {@code note}, {@code verdict}. */
  QueuedOp patchScan(UUID scanId, Map<String, ?> fields);

  QueuedOp deleteScan(UUID scanId);

  QueuedOp resolveConflict(UUID conflictId, Decision decision);

  /** The same writes, returning at once with futures of the local commit and the server's. */
  AsyncWrites async();

  /**
   * Completes once, at the op's first terminal state ({@code synced} or {@code failed}); after
   * {@link #retry} ask again with the id it returned. Fails with
   * {@link java.util.NoSuchElementException} for an op the signed-in user does not have.
   */
  CompletableFuture<OpResult> completion(UUID opId);

  /**
   * One sync cycle for the signed-in user, on the worker: migration (first login), push of the
   * queue, then pull. An explicit call does not wait for the client's backoff (it tries at
   * once), but a server's {@code Retry-After} still holds. Completes with the status after it;
   * never completes exceptionally for network trouble (that is in the status).
   */
  CompletableFuture<SyncStatus> syncNow();

  /**
   * The app tells that the network is back (a connectivity callback): a cycle runs at once,
   * without waiting for the backoff (a server's {@code Retry-After} still holds), as
   * {@link #syncNow()} does. Completes with the status after it.
   */
  CompletableFuture<SyncStatus> networkAvailable();

  /** Stops all network work; the queue and the store stay intact. */
  void pause();

  void resume();

  /** Pending and sending ops of the signed-in user, in queue order. */
  List<QueuedOp> pendingOps();

  /** Failed ops with their problems, in queue order. */
  List<QueuedOp> failedOps();

  /**
   * Puts a failed op back in the queue at its place. It keeps its id when the server may have
   * applied it ({@code max-attempts}); otherwise (rejected, expired) the old id's answer is
   * final, so it gets a new one. Returns the op as re-queued.
   */
  QueuedOp retry(UUID opId);

  /**
   * As {@link #retry(UUID)}, with a corrected payload, under a new id, always — also for a
   * {@code max-attempts} op: whether or not the server had applied the original, the correction
   * is a new write that lands after it (under the old id it would be refused as a reused key).
   */
  QueuedOp retry(UUID opId, Map<String, ?> fixedPayload);

  /** Deletes a failed op for good. */
  void discard(UUID opId);

  SyncStatus status();

  /**
   * The legacy-v1 records, read-only, while the fallback toggle is on and the signed-in user owns
   * the device's legacy folder; empty otherwise.
   */
  Optional<LegacyRecords> legacyRecords();

  void legacyFallback(boolean on);

  /** Stops the worker (after the cycle in progress) and closes the store. */
  @Override
  void close();
}
