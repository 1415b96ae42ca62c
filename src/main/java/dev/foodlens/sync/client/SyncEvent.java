package dev.foodlens.sync.client;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Something that changed, for the app's listener. {@link Type#OP_STATE} carries the op id and
 * its new state (every queue transition emits one, enqueue included); the others describe the
 * client: a pull or bootstrap done, online/offline, migration progress, sign-in/out, a write
 * refused because the queue is full.
 * {@code detail} is a short human-readable note (a problem slug, a page count), or null.
 */
public record SyncEvent(Type type, String userId, @Nullable UUID opId, @Nullable OpState state,
    @Nullable String detail) {

  /** The kinds of event. */
  public enum Type { OP_STATE, PULLED, BOOTSTRAPPED, ONLINE, OFFLINE, MIGRATION, SIGNED_IN,
    SIGNED_OUT,
    /** A write was refused: the user's queue is at its cap ({@code detail} says which). */
    QUEUE_FULL }

  static SyncEvent op(String userId, UUID opId, OpState state, @Nullable String detail) {
    return new SyncEvent(Type.OP_STATE, userId, opId, state, detail);
  }

  static SyncEvent of(Type type, String userId, @Nullable String detail) {
    return new SyncEvent(type, userId, null, null, detail);
  }
}
