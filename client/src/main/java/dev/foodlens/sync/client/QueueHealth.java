package dev.foodlens.sync.client;

import org.jspecify.annotations.Nullable;

/**
 * A user's queue at a glance: {@code depth} ops pending or sending, the oldest of them made at
 * {@code oldestMillis} (epoch ms, null when none), {@code failed} ops waiting for the user.
 */
record QueueHealth(int depth, @Nullable Long oldestMillis, int failed) {

  /** The age of the oldest waiting op at {@code nowMillis}, in whole seconds (0 when none). */
  long oldestSeconds(long nowMillis) {
    return oldestMillis == null ? 0 : Math.max(0, (nowMillis - oldestMillis) / 1000);
  }
}
