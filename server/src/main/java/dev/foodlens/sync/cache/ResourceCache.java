package dev.foodlens.sync.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
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
 * older state back. Each offer is also announced to the other gateway instances (through
 * {@link Announcer}); their announcements arrive in {@link #heard}, which drops every entry
 * older than the version announced. Thread-safe; shared by every event loop.
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

  /** Tells the other instances that a resource changed; must not block. */
  @FunctionalInterface
  public interface Announcer {
    Announcer NONE = (key, version) -> {};

    void announce(Key key, long version);
  }

  private final AsyncCache<Key, Rendered> cache;
  private final Announcer announcer;

  /** Bounded by the bytes its entries hold ({@link #weight}), not by their number. */
  public ResourceCache(long maxBytes, Duration ttl, Announcer announcer) {
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher(ResourceCache::weight)
        .expireAfterWrite(ttl)
        .executor(Runnable::run)
        .recordStats()
        .buildAsync();
    this.announcer = announcer;
  }

  /** The cached rendering, or {@code loader}'s, completed on the caller's context. */
  public Future<Rendered> get(Key key, Supplier<Future<Rendered>> loader, Context context) {
    CompletableFuture<Rendered> value = cache.get(key,
        (k, executor) -> loader.get().toCompletionStage().toCompletableFuture());
    return Future.fromCompletionStage(value, context);
  }

  /** Offers a rendering written by a committed write; an older one never replaces a newer one. */
  public void offer(Key key, Rendered rendered) {
    cache.asMap().compute(key, (k, current) ->
        isNewer(current, rendered.version()) ? current
            : CompletableFuture.completedFuture(rendered));
    announcer.announce(key, rendered.version());
  }

  /**
   * Another instance committed {@code version} of {@code key}: drop what is older, or still
   * loading (a load that began before that commit may return the older state). A late
   * announcement finds a newer entry and changes nothing.
   */
  public void heard(Key key, long version) {
    cache.asMap().computeIfPresent(key, (k, current) -> isNewer(current, version - 1)
        ? current : null);
  }


  /** Caffeine's view of the entries, for its hit/miss statistics (bound as metrics). */
  public Cache<?, ?> caffeine() {
    return cache.synchronous();
  }

  /** Drops everything: announcements may have been missed (the listener was reconnecting). */
  public void clear() {
    cache.synchronous().invalidateAll();
  }

  /**
   * An entry's heap bytes, roughly: its body, its key's characters and a fixed share for the
   * objects around them. One user's rendering can be megabytes, so counting entries would bound
   * nothing.
   */
  static int weight(Key key, Rendered rendered) {
    long bytes = 160L + 2L * (key.userId().length() + key.resource().length())
        + rendered.body().length();
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /** Never waits: an entry still loading (or failed) counts as not newer. */
  private static boolean isNewer(CompletableFuture<Rendered> current, long version) {
    if (current == null || !current.isDone() || current.isCompletedExceptionally()) {
      return false;
    }
    Rendered rendered = current.getNow(null);
    return rendered != null && rendered.version() > version;
  }
}
