package dev.foodlens.sync.http;

/**
 * Whether this instance is stopping: from SIGTERM until its listeners close, {@code /readyz}
 * answers 503 while every other request is still served, so a load balancer (or a Kubernetes
 * readiness probe) takes the instance out before a request can meet a closed listener. One
 * volatile read, on {@code /readyz} only. Thread-safe.
 */
public final class Drain {
  private volatile boolean draining;

  /** From now on, readiness is 503; there is no way back (the process is stopping). */
  public void begin() {
    draining = true;
  }

  boolean draining() {
    return draining;
  }
}
