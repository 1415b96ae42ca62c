package dev.foodlens.sync.client;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An immutable view of one queued op as last stored: its id (made once at enqueue; resends
 * reuse it), what it changes (contract §5 push op: entity, action, target, payload as JSON
 * text), its state, how many sends failed transiently, when the user made it, and the problem
 * that failed it (null unless {@link OpState#FAILED}).
 */
public record QueuedOp(UUID opId, String entity, String action, @Nullable String target,
    String payload, OpState state, int attempts, Instant createdAt, @Nullable Problem problem) {
}
