package dev.foodlens.sync.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Rendered per-user resources ({@code GET /me/profile} bodies and the like), keyed by user and
 * resource, each with the version it shows.
 *
 * <p>Concurrent misses for one key share one load. A write offers its new rendering after its
 * commit and the newer version always stays, so a slow load or a late writer can never put an
 * older state back. Thread-safe; shared by every event loop.
 */
public final class ResourceCache {
  /** One user's one resource. */
  public record Key(String userId, String resource) {}

  /** A response body ready to send, and the user's version it reflects (the ETag). */
  public record Rendered(long version, Buffer body) {
    public String etag() {
      return "\"" + version + "\"";
    }
  }

  private final AsyncCache<Key, Rendered> cache;

  public ResourceCache(int maxEntries, Duration ttl) {
    this.cache = Caffeine.newBuilder()
        .maximumSize(maxEntries)
        .expireAfterWrite(ttl)
        .executor(Runnable::run)
        .recordStats()
        .buildAsync();
  }

  /** The cached rendering, or {@code loader}'s, completed on the caller's context. */
  public Future<Rendered> get(Key key, Supplier<Future<Rendered>> loader, Context context) {
    CompletableFuture<Rendered> value = cache.get(key,
        (k, executor) -> loader.get().toCompletionStage().toCompletableFuture());
    return Future.fromCompletionStage(value, context);
  }

  /** Offers a rendering written by a committed write; an older one never replaces a newer one. */
  public void offer(Key key, Rendered rendered) {
    cache.asMap().compute(key, (k, current) -> {
      boolean keepCurrent = current != null && current.isDone()
          && !current.isCompletedExceptionally() && current.join().version() > rendered.version();
      return keepCurrent ? current : CompletableFuture.completedFuture(rendered);
    });
  }
}
