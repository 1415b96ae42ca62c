package dev.foodlens.sync.ops;

import static java.util.Objects.requireNonNull;

/**
 * The toggles as this gateway instance currently knows them, shared by every verticle. Reading
 * is one volatile load, so every write path can consult it without a database round trip.
 *
 * <p>Fed by the periodic refresh and by local {@code PUT /admin/toggles} after commit. Reads
 * can complete out of order, so {@link #offer} keeps whichever value has the greater revision:
 * a slow refresh never puts back what a newer change replaced. Thread-safe.
 */
public final class LiveToggles {
  private volatile Toggles current = Toggles.DEFAULTS;

  public Toggles current() {
    return current;
  }

  public synchronized void offer(Toggles toggles) {
    requireNonNull(toggles, "toggles");
    if (toggles.revision() >= current.revision()) {
      current = toggles;
    }
  }
}
