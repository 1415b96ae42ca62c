package dev.foodlens.sync.client;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the client for the UI, taken when asked. {@code queueDepth} counts pending and
 * sending ops, {@code oldestPendingSeconds} the age of the oldest of them (0 when none),
 * {@code failed} the failed ops waiting for the user. {@code online} is what the last request
 * told (false after a connection could not be made). {@code nextAttemptAt} is when the backoff
 * lets the queue and the migration send again (null: now). {@code lastError} is cleared by the
 * next cycle in which the migration, the push and the pull all succeed.
 */
public record SyncStatus(@Nullable String userId, int queueDepth, long oldestPendingSeconds,
    int failed, @Nullable Instant lastSuccessfulSync, @Nullable String lastError, boolean online,
    boolean paused, @Nullable Instant nextAttemptAt, Bootstrap bootstrap, Migration migration) {

  /** Progress of a running (or the last) bootstrap: pages and changes received so far. */
  public record Bootstrap(boolean running, int pages, int changes) {
    static final Bootstrap IDLE = new Bootstrap(false, 0, 0);
  }

  /**
   * The signed-in user's first-login migration of the legacy-v1 folder. {@code chunksDone} of
   * {@code chunksTotal} {@code POST /me/migrate} calls are answered; {@code historyEntries} scans
   * were read from the folder, {@code badLines} and {@code duplicateLines} skipped
   * (legacy-format.md); {@code imported} and {@code skipped} are the server's running totals per
   * entity ({@code profile}, {@code settings}, {@code allergies}, {@code history}).
   * {@code problem} says why a {@link State#FAILED} migration was refused. Immutable.
   */
  public record Migration(State state, int chunksDone, int chunksTotal, int historyEntries,
      int badLines, int duplicateLines, Map<String, Integer> imported,
      Map<String, Integer> skipped, @Nullable Instant completedAt, @Nullable Problem problem) {
    static final Migration NONE = new Migration(State.NONE, 0, 0, 0, 0, 0, Map.of(), Map.of(),
        null, null);

    public Migration {
      imported = Map.copyOf(imported);
      skipped = Map.copyOf(skipped);
    }

    /** Records the server imported, all entities together. */
    public int recordsImported() {
      return imported.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * {@code NONE}: nothing to migrate for this user (no legacy folder, or another user owns
     * it). {@code PENDING}: the records are on the device (reads show them) and chunks wait for
     * the server; ops queued meanwhile wait behind them. {@code COMPLETE}: the server holds the
     * migration as complete (sent from this device, or from another of the user's).
     * {@code FAILED}: the server refused a chunk for good; the queue goes on without it.
     */
    public enum State { NONE, PENDING, COMPLETE, FAILED }
  }
}
