package dev.foodlens.sync.ops;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The toggles as this gateway instance currently knows them, shared by every verticle. Reading
 * is one volatile load, so every write path can consult it without a database round trip.
 *
 * <p>Fed by the periodic refresh and by local {@code PUT /admin/toggles} after commit. Reads
 * can complete out of order, so {@link #offer} keeps whichever value has the greater revision:
 * a slow refresh never puts back what a newer change replaced. Thread-safe.
 */
public final class LiveToggles {
  private final AtomicReference<Toggles> current = new AtomicReference<>(Toggles.DEFAULTS);

  public Toggles current() {
    return current.get();
  }

  public void offer(Toggles toggles) {
    requireNonNull(toggles, "toggles");
    current.accumulateAndGet(toggles,
        (mine, theirs) -> theirs.revision() >= mine.revision() ? theirs : mine);
  }
}
