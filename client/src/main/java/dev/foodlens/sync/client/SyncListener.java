package dev.foodlens.sync.client;

/**
 * Receives every {@link SyncEvent}. Called synchronously on the SDK thread that made the change
 * (the worker, or the writer that stored a write), so it must return quickly and must not call
 * back into blocking SDK methods; an exception it throws is caught and ignored. For the UI, the
 * live queries ({@link FoodLensSync#observeAllergies} and the others) deliver on an executor the
 * app gives.
 */
@FunctionalInterface
public interface SyncListener {
  void onEvent(SyncEvent event);

  /** A listener that ignores everything. */
  static SyncListener none() {
    return event -> { };
  }
}
