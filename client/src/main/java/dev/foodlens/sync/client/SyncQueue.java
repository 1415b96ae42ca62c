package dev.foodlens.sync.client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The durable queue: every transition is one local transaction, then one event, then (for
 * {@code synced} and {@code failed}) the op's completion. Thread-safe (the store serialises).
 */
final class SyncQueue {
  private final Db db;
  private final Clock clock;
  private final Events events;
  private final QueueLimits limits;
  private final Map<UUID, CompletableFuture<OpResult>> completions = new ConcurrentHashMap<>();

  SyncQueue(Db db, Clock clock, Events events, QueueLimits limits) {
    this.db = db;
    this.limits = limits;
    this.clock = clock;
    this.events = events;
  }

  /**
   * Stores a new op as pending with a fresh id, made here once and never again — or folds it
   * into the tail op (see {@link Coalescing}) and answers that one. Throws
   * {@link QueueFullException} (and emits {@link SyncEvent.Type#QUEUE_FULL}) when it would pass
   * the limits; then nothing changed.
   */
  OpRow enqueue(String userId, String entity, String action, @Nullable String target,
      String payload, @Nullable Long observedVersion) {
    Instant now = clock.instant();
    OpRow op = new OpRow(0, userId, UUID.randomUUID(), entity, action, target, payload,
        observedVersion, now.truncatedTo(ChronoUnit.MICROS).toString(), now, OpState.PENDING,
        0, null, null, null);
    OpRow stored;
    try {
      stored = db.tx(d -> {
        long[] waiting = OpTable.waiting(d, userId);
        OpRow tail = OpTable.unsentTail(d, userId);
        String merged = tail == null ? null : Coalescing.merge(tail, entity, action, target,
            payload);
        if (tail != null && merged != null) {
          fits(waiting, 0, bytes(merged) - bytes(tail.payload()));
          OpTable.payload(d, tail, merged);
          return OpTable.stored(d, userId, tail.opId());
        }
        fits(waiting, 1, bytes(payload));
        OpTable.insert(d, op);
        return OpTable.stored(d, userId, op.opId());
      });
    } catch (QueueFullException e) {
      events.emit(SyncEvent.of(SyncEvent.Type.QUEUE_FULL, userId, e.getMessage()));
      throw e;
    }
    events.emit(SyncEvent.op(userId, stored.opId(), OpState.PENDING,
        stored.opId().equals(op.opId()) ? "enqueued" : "coalesced"));
    return stored;
  }

  /** Whether {@code waiting} (ops, bytes) plus the write's share stays within the limits. */
  private void fits(long[] waiting, int moreOps, long moreBytes) {
    if (waiting[0] + moreOps > limits.maxOps() || waiting[1] + moreBytes > limits.maxBytes()) {
      throw new QueueFullException((int) waiting[0], waiting[1], limits);
    }
  }

  private static long bytes(String payload) {
    return payload.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * The next batch of at most {@code max} ops, now {@code sending}: picked and marked in one
   * transaction, so no write can coalesce into an op whose payload is already on its way.
   */
  List<OpRow> take(String userId, int max) {
    List<OpRow> batch = db.tx(d -> {
      List<OpRow> picked = PushBatches.next(d, userId, max);
      for (OpRow op : picked) {
        OpTable.state(d, op, OpState.SENDING, op.attempts(), null, null, null);
        OpTable.sent(d, op);
      }
      return picked;
    });
    batch.forEach(op -> events.emit(SyncEvent.op(op.userId(), op.opId(), OpState.SENDING,
        null)));
    return batch;
  }

  /** Back to pending after a transient failure; {@code counted} spends one attempt. */
  void retryLater(List<OpRow> batch, boolean counted, int maxAttempts, String why) {
    for (OpRow op : batch) {
      int attempts = op.attempts() + (counted ? 1 : 0);
      if (attempts >= maxAttempts) {
        fail(op, attempts, Problem.local("max-attempts", "Too many failed attempts",
            "sent " + attempts + " times without a final answer; last: " + why));
      } else {
        db.run(d -> OpTable.state(d, op, OpState.PENDING, attempts, null, null, null));
        events.emit(SyncEvent.op(op.userId(), op.opId(), OpState.PENDING, why));
      }
    }
  }

  void synced(OpRow op, String serverStatus, @Nullable Long version) {
    db.run(d -> OpTable.state(d, op, OpState.SYNCED, op.attempts(), null, serverStatus, version));
    events.emit(SyncEvent.op(op.userId(), op.opId(), OpState.SYNCED, serverStatus));
    complete(new OpResult(op.opId(), OpState.SYNCED, serverStatus, version, null));
  }

  void fail(OpRow op, int attempts, Problem problem) {
    db.run(d -> OpTable.state(d, op, OpState.FAILED, attempts, problem.json(), null, null));
    events.emit(SyncEvent.op(op.userId(), op.opId(), OpState.FAILED, problem.slug()));
    complete(new OpResult(op.opId(), OpState.FAILED, null, null, problem));
  }

  /** Pending ops made before {@code now − retention} fail as {@code expired}: never sent. */
  void expire(String userId, Duration retention) {
    Instant oldest = clock.instant().minus(retention);
    for (OpRow op : db.tx(d -> OpTable.pending(d, userId, Integer.MAX_VALUE))) {
      if (op.createdAt().isBefore(oldest)) {
        fail(op, op.attempts(), Problem.local("expired", "Older than the server's retention",
            "made at " + op.createdAt() + "; the server keeps op ids for " + retention));
      }
    }
  }

  /**
   * A failed op, pending again. As it was, it keeps its id only when the server may have applied
   * it ({@code max-attempts}: a resend then replays the server's answer). A rejected or expired
   * op, or any op with a corrected payload, gets a new id: the old id's answer is final, and a
   * different payload under an id the server already holds would be refused as a reused key.
   */
  QueuedOp retry(String userId, UUID opId, @Nullable String fixedPayload) {
    OpRow op = failedOp(userId, opId);
    Problem problem = Problem.parse(op.problem());
    boolean fresh = fixedPayload != null || problem == null
        || !problem.slug().equals("max-attempts");
    UUID id = fresh ? UUID.randomUUID() : op.opId();
    long created = fresh ? clock.millis() : op.createdAt().toEpochMilli();
    OpRow stored = db.tx(d -> {
      OpTable.requeue(d, op, id, fixedPayload == null ? op.payload() : fixedPayload, created);
      return OpTable.stored(d, userId, id);
    });
    events.emit(SyncEvent.op(userId, id, OpState.PENDING, "retried " + opId));
    return stored.view();
  }

  void discard(String userId, UUID opId) {
    OpRow op = failedOp(userId, opId);
    db.run(d -> OpTable.delete(d, op));
    events.emit(SyncEvent.op(userId, opId, null, "discarded"));
  }

  private OpRow failedOp(String userId, UUID opId) {
    OpRow op = db.lookup(d -> OpTable.find(d, userId, opId));
    if (op == null || op.state() != OpState.FAILED) {
      throw new IllegalArgumentException("no failed op " + opId + " for the signed-in user");
    }
    return op;
  }

  /** Completes at the op's first terminal state; fails with NoSuchElementException if unknown. */
  CompletableFuture<OpResult> completion(String userId, UUID opId) {
    CompletableFuture<OpResult> future = completions.computeIfAbsent(opId,
        id -> new CompletableFuture<>());
    OpRow op = db.lookup(d -> OpTable.find(d, userId, opId));
    if (op == null) {
      completions.remove(opId, future);
      return CompletableFuture.failedFuture(new NoSuchElementException("no op " + opId));
    }
    if (op.state() == OpState.SYNCED || op.state() == OpState.FAILED) {
      complete(op.result());
    }
    return future;
  }

  private void complete(OpResult result) {
    CompletableFuture<OpResult> future = completions.remove(result.opId());
    if (future != null) {
      future.complete(result);
    }
  }

  /** Ops deleted unconfirmed (a sign-out that clears): their completions fail, cancelled. */
  void dropped(List<QueuedOp> ops) {
    for (QueuedOp op : ops) {
      CompletableFuture<OpResult> future = completions.remove(op.opId());
      if (future != null) {
        future.completeExceptionally(new java.util.concurrent.CancellationException(
            "op " + op.opId() + " deleted unconfirmed at sign-out"));
      }
    }
  }

  /** Ops caught in sending by a crash, pending again (same ids). */
  void recover() {
    for (OpRow op : db.tx(OpTable::recoverSending)) {
      events.emit(SyncEvent.op(op.userId(), op.opId(), OpState.PENDING, "recovered"));
    }
  }
}
