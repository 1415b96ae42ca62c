package dev.foodlens.sync.client;

import java.util.concurrent.CompletableFuture;

/**
 * A write handed to the SDK: {@code committed} completes with the op once it is stored on the
 * device (reads and observers show it from then on), or exceptionally (e.g.
 * {@link QueueFullException}); {@code confirmed} completes with the server's answer, as
 * {@link FoodLensSync#completion} does.
 */
public record Write(CompletableFuture<QueuedOp> committed,
    CompletableFuture<OpResult> confirmed) {
}
