package dev.foodlens.sync.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands events to the app's listener, and to the SDK's own (the live queries, which learn of
 * every change here); a throwing listener never breaks the SDK.
 */
final class Events {
  private final SyncListener listener;
  private final List<SyncListener> taps = new CopyOnWriteArrayList<>();

  Events(SyncListener listener) {
    this.listener = listener;
  }

  void tap(SyncListener internal) {
    taps.add(internal);
  }

  void emit(SyncEvent event) {
    taps.forEach(t -> t.onEvent(event));
    try {
      listener.onEvent(event);
    } catch (RuntimeException ignored) {
      // the app's bug must not corrupt the queue's bookkeeping
    }
  }
}
