package dev.foodlens.sync.client;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Something that changed, for the app's listener. {@link Type#OP_STATE} carries the op id and
 * its new state (every queue transition emits one, enqueue included); the {@code MIGRATION_*}
 * types carry the migration's progress as {@code status().migration()} shows it after the step;
 * the others describe the client: a pull or bootstrap done, online/offline, sign-in/out, a write
 * refused because the queue is full, a conflict opened ({@code conflict} holds it, both sides).
 * {@code detail} is a short human-readable note (a problem slug, a page count), or null.
 */
public record SyncEvent(Type type, String userId, @Nullable UUID opId, @Nullable OpState state,
    @Nullable String detail, SyncStatus.@Nullable Migration migration,
    @Nullable Conflict conflict) {

  /**
   * The kinds of event. {@code MIGRATION_STARTED}: the legacy records were read into the device;
   * {@code MIGRATION_PROGRESS}: a chunk was answered; {@code MIGRATION_COMPLETE}: the server
   * holds the migration complete; {@code MIGRATION_FAILED}: refused for good; {@code QUEUE_FULL}:
   * a write was refused, the user's queue is at its cap ({@code detail} says which);
   * {@code CONFLICT_OPENED}: a pull brought an allergy conflict that was not open on the device
   * before (once per conflict; a re-bootstrap does not repeat it); {@code OP_DROPPED}: a
   * sign-out that clears local data deleted an op the server never confirmed ({@code opId};
   * {@code signOut} answers them all too).
   */
  public enum Type { OP_STATE, PULLED, BOOTSTRAPPED, ONLINE, OFFLINE, MIGRATION_STARTED,
    MIGRATION_PROGRESS, MIGRATION_COMPLETE, MIGRATION_FAILED, SIGNED_IN, SIGNED_OUT, QUEUE_FULL,
    CONFLICT_OPENED, OP_DROPPED }

  /** {@code state} is null when the op left the queue without one (discarded). */
  static SyncEvent op(String userId, UUID opId, @Nullable OpState state,
      @Nullable String detail) {
    return new SyncEvent(Type.OP_STATE, userId, opId, state, detail, null, null);
  }

  static SyncEvent of(Type type, String userId, @Nullable String detail) {
    return new SyncEvent(type, userId, null, null, detail, null, null);
  }

  static SyncEvent migration(Type type, String userId, SyncStatus.Migration progress) {
    return new SyncEvent(type, userId, null, null, progress.state().name().toLowerCase(
        java.util.Locale.ROOT) + " " + progress.chunksDone() + "/" + progress.chunksTotal(),
        progress, null);
  }

  static SyncEvent opened(String userId, Conflict conflict) {
    return new SyncEvent(Type.CONFLICT_OPENED, userId, null, null, conflict.allergen(), null,
        conflict);
  }

  static SyncEvent dropped(String userId, QueuedOp op) {
    return new SyncEvent(Type.OP_DROPPED, userId, op.opId(), op.state(), "signed out", null,
        null);
  }
}
