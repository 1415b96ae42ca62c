package dev.foodlens.sync.client;

/**
 * A write refused at the call because the signed-in user's queue is at its cap (see
 * {@link FoodLensSyncBuilder#queueLimits}): nothing was queued and nothing queued was dropped.
 * The queue makes room as it drains, or when the app retries or discards failed ops.
 */
public final class QueueFullException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final int ops;
  private final long bytes;

  QueueFullException(int ops, long bytes, QueueLimits limits) {
    super("the sync queue is full: " + ops + " ops of " + limits.maxOps() + ", " + bytes
        + " payload bytes of " + limits.maxBytes() + " waiting on this device");
    this.ops = ops;
    this.bytes = bytes;
  }

  /** Ops waiting on the device (pending, sending and failed) when the write was refused. */
  public int ops() {
    return ops;
  }

  /** Their payload bytes (UTF-8). */
  public long bytes() {
    return bytes;
  }
}
