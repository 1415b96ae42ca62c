package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A validated {@code POST /me/sync/push} envelope: the device, 1 to {@link #MAX_OPS} ops in the
 * order to apply them, and the device's queue health when it reported it.
 */
public record PushBatch(String deviceId, List<PushOp> ops, Optional<ClientStats> clientStats) {
  public static final int MAX_OPS = 500;

  public PushBatch {
    requireNonNull(deviceId, "deviceId");
    ops = List.copyOf(ops);
    requireNonNull(clientStats, "clientStats");
  }

  /** The device's sync queue as it reported it, for the operators' dashboards. */
  public record ClientStats(long queueDepth, long oldestPendingSeconds, long failed) {}
}
