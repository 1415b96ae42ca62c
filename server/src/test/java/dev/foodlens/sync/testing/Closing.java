package dev.foodlens.sync.testing;

import org.jspecify.annotations.Nullable;

/** Closes fixtures in order, each even when an earlier one failed, and reports every failure. */
final class Closing {
  private Closing() {}

  /**
   * Closes each non-null resource. With {@code pending} given, failures are added to it as
   * suppressed (the caller rethrows it); otherwise the first failure is thrown at the end with
   * the later ones suppressed.
   */
  static void all(@Nullable RuntimeException pending, @Nullable AutoCloseable... resources) {
    RuntimeException failure = pending;
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null && failure != pending) {
      throw failure;
    }
  }
}
