package dev.foodlens.sync.client;

/**
 * Receives every {@link SyncEvent}. Called synchronously on the thread that made the change
 * (the SDK's worker, or the app thread that wrote), so it must return quickly and must not call
 * back into blocking SDK methods; an exception it throws is caught and ignored.
 */
@FunctionalInterface
public interface SyncListener {
  void onEvent(SyncEvent event);

  /** A listener that ignores everything. */
  static SyncListener none() {
    return event -> { };
  }
}
