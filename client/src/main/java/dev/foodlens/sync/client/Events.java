package dev.foodlens.sync.client;

/** Hands events to the app's listener; a throwing listener never breaks the SDK. */
final class Events {
  private final SyncListener listener;

  Events(SyncListener listener) {
    this.listener = listener;
  }

  void emit(SyncEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException ignored) {
      // the app's bug must not corrupt the queue's bookkeeping
    }
  }
}
