package dev.foodlens.sync.client;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How an op ended: {@link OpState#SYNCED} with the server's per-op status ({@code applied},
 * {@code duplicate} when a resend of an applied op was recognised, {@code conflict} when it
 * opened an allergy conflict) and the user's version after it; or {@link OpState#FAILED} with
 * its problem (also when a resend was recognised as a duplicate of a rejection).
 */
public record OpResult(UUID opId, OpState state, @Nullable String serverStatus,
    @Nullable Long version, @Nullable Problem problem) {
}
