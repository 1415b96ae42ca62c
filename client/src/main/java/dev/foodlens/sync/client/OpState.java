package dev.foodlens.sync.client;

import java.util.Locale;

/**
 * Where a queued op stands. {@code PENDING → SENDING → SYNCED}, or {@code → FAILED} on a
 * permanent problem; a transient failure returns it from {@code SENDING} to {@code PENDING}, and
 * so does a restart after a crash (the op keeps its id, so the server deduplicates the resend).
 * {@code FAILED} ops leave the queue's path until the app retries or discards them.
 */
public enum OpState {
  PENDING, SENDING, FAILED, SYNCED;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static OpState of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
