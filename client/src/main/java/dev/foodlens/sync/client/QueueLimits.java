package dev.foodlens.sync.client;

/**
 * The most a user's queue holds on the device: ops waiting there (pending, sending or failed)
 * and the UTF-8 bytes of their payloads. A write that would pass either is refused at the call.
 */
record QueueLimits(int maxOps, long maxBytes) {
  /** 10,000 ops and 10 MiB: weeks of heavy offline use, a few MiB of SQLite. */
  static final QueueLimits DEFAULTS = new QueueLimits(10_000, 10L * 1024 * 1024);

  QueueLimits {
    if (maxOps < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("queue limits must be positive, got " + maxOps
          + " ops, " + maxBytes + " bytes");
    }
  }
}
