package dev.foodlens.sync.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Everything the builder collected, checked. */
record Options(URI baseUri, TokenSource tokens, String deviceId,
    java.util.function.Supplier<LocalStore> store, Clock clock,
    Backoff backoff, SyncListener listener, Transport transport, Duration retention,
    int pageSize, boolean autoSync, Duration pullInterval, @Nullable Path legacyStore,
    boolean legacyFallback, int migrationChunk, QueueLimits queueLimits) {
}
