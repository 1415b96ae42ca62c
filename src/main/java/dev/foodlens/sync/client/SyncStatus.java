package dev.foodlens.sync.client;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the client for the UI, taken when asked. {@code queueDepth} counts pending and
 * sending ops, {@code oldestPendingSeconds} the age of the oldest of them (0 when none),
 * {@code failed} the failed ops waiting for the user. {@code online} is what the last request
 * told (false after a connection could not be made). {@code nextAttemptAt} is when the backoff
 * lets the queue send again (null: now).
 */
public record SyncStatus(@Nullable String userId, int queueDepth, long oldestPendingSeconds,
    int failed, @Nullable Instant lastSuccessfulSync, @Nullable String lastError, boolean online,
    boolean paused, @Nullable Instant nextAttemptAt, Bootstrap bootstrap) {

  /** Progress of a running (or the last) bootstrap: pages and changes received so far. */
  public record Bootstrap(boolean running, int pages, int changes) {
    static final Bootstrap IDLE = new Bootstrap(false, 0, 0);
  }
}
