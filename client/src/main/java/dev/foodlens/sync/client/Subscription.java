package dev.foodlens.sync.client;

/**
 * An observer's registration. {@link #close()} cancels it: once it returns, no delivery starts
 * (one already running on the executor finishes). Idempotent.
 */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
