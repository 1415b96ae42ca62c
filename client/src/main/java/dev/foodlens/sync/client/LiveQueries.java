package dev.foodlens.sync.client;

import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The observers. Every SDK event (a write, an op's transition, a pull, a sign-out) marks the
 * queries dirty; one SDK thread then reads each query again and hands the value to its observer
 * only when it differs from the last one handed (value or {@code pendingWrites}), so a burst of
 * events costs one read per query and an observer never sees the same value twice. Reads run on
 * that thread, never on the app's; deliveries run on the executor each observer gave, one at a
 * time and in order per observer, whatever the executor's threads.
 */
final class LiveQueries implements AutoCloseable {
  private final ClientContext ctx;
  private final ExecutorService reader;
  private final List<Query<?>> queries = new CopyOnWriteArrayList<>();
  private final List<Opened> opened = new CopyOnWriteArrayList<>();
  private final AtomicBoolean dirty = new AtomicBoolean();

  LiveQueries(ClientContext ctx, String deviceId) {
    this.ctx = ctx;
    this.reader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "foodlens-live-" + deviceId);
      t.setDaemon(true);
      return t;
    });
    ctx.events().tap(this::onEvent);
  }

  private void onEvent(SyncEvent event) {
    if (event.type() == SyncEvent.Type.CONFLICT_OPENED && event.conflict() != null) {
      Conflict conflict = event.conflict();
      opened.stream().filter(o -> o.userId().equals(event.userId()))
          .forEach(o -> o.delivery().offer(conflict));
    }
    changed();
  }

  /** Something may have changed: every query is read again, soon, on the reader thread. */
  void changed() {
    if (!queries.isEmpty() && dirty.compareAndSet(false, true)) {
      submit(this::refresh);
    }
  }

  private void refresh() {
    dirty.set(false);
    for (Query<?> query : queries) {
      query.refresh();
    }
  }

  /**
   * Observes {@code read} for {@code userId}; {@code pendingOf}: the entity whose unconfirmed
   * ops set {@code pendingWrites} (null: {@code pending} decides from the value).
   */
  <T> Subscription observe(String userId, Function<Db, T> read, @Nullable Entity pendingOf,
      @Nullable Function<T, Boolean> pending, java.util.concurrent.Executor executor,
      Consumer<LiveValue<T>> observer) {
    Query<T> query = new Query<>(userId, read, pendingOf, pending,
        new Delivery<>(executor, observer));
    queries.add(query);
    submit(query::refresh);
    return () -> {
      query.delivery().cancel();
      queries.remove(query);
    };
  }

  Subscription onConflictOpened(String userId, java.util.concurrent.Executor executor,
      Consumer<Conflict> observer) {
    Opened registration = new Opened(userId, new Delivery<>(executor, observer));
    opened.add(registration);
    return () -> {
      registration.delivery().cancel();
      opened.remove(registration);
    };
  }

  private void submit(Runnable task) {
    try {
      reader.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          ctx.error("live query: " + e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // the client is closing: no more reads
    }
  }

  private record Opened(String userId, Delivery<Conflict> delivery) {}

  private final class Query<T> {
    private final String userId;
    private final Function<Db, T> read;
    private final @Nullable Entity pendingOf;
    private final @Nullable Function<T, Boolean> pending;
    private final Delivery<LiveValue<T>> delivery;
    private @Nullable LiveValue<T> last;

    Query(String userId, Function<Db, T> read, @Nullable Entity pendingOf,
        @Nullable Function<T, Boolean> pending, Delivery<LiveValue<T>> delivery) {
      this.userId = userId;
      this.read = read;
      this.pendingOf = pendingOf;
      this.pending = pending;
      this.delivery = delivery;
    }

    Delivery<LiveValue<T>> delivery() {
      return delivery;
    }

    /** Reader thread only. */
    void refresh() {
      if (delivery.cancelled()) {
        return;
      }
      LiveValue<T> now = ctx.db().tx(d -> {
        T value = read.apply(d);
        boolean waiting = pendingOf != null ? OpTable.unconfirmed(d, userId, pendingOf)
            : pending != null && pending.apply(value);
        return new LiveValue<>(value, waiting);
      });
      if (!Objects.equals(now, last)) {
        last = now;
        delivery.offer(now);
      }
    }
  }

  /** Hands values to one observer on its executor, one at a time, in order, until cancelled. */
  private static final class Delivery<V> {
    private final java.util.concurrent.Executor executor;
    private final Consumer<V> observer;
    private final Queue<V> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean cancelled;

    Delivery(java.util.concurrent.Executor executor, Consumer<V> observer) {
      this.executor = executor;
      this.observer = observer;
    }

    void offer(V value) {
      waiting.add(value);
      schedule();
    }

    private void schedule() {
      if (!cancelled && draining.compareAndSet(false, true)) {
        executor.execute(this::drain);
      }
    }

    private void drain() {
      try {
        V value;
        while (!cancelled && (value = waiting.poll()) != null) {
          try {
            observer.accept(value);
          } catch (RuntimeException ignored) {
            // the app's observer must not stop the others, nor the next delivery
          }
        }
      } finally {
        draining.set(false);
      }
      if (!waiting.isEmpty()) {
        schedule();
      }
    }

    void cancel() {
      cancelled = true;
      waiting.clear();
    }

    boolean cancelled() {
      return cancelled;
    }
  }

  @Override
  public void close() {
    queries.forEach(q -> q.delivery().cancel());
    opened.forEach(o -> o.delivery().cancel());
    reader.shutdown();
    try {
      reader.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
