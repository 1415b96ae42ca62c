package dev.foodlens.sync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foodlens.sync.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue's state machine on a real SQLite file, no network. */
class SyncQueueTest {
  @TempDir Path dir;
  final MutableClock clock = MutableClock.now();
  final List<SyncEvent> events = new ArrayList<>();
  Db db;
  SyncQueue queue;

  @BeforeEach
  void open() {
    db = Db.open(dir.resolve("q.db"));
    queue = new SyncQueue(db, clock, new Events(events::add), QueueLimits.DEFAULTS);
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** An op of its own (a delete never coalesces). */
  OpRow enqueue() {
    return queue.enqueue("alice", "history", "delete", UUID.randomUUID().toString(), "{}", null);
  }

  OpRow reload(OpRow op) {
    return db.lookup(d -> OpTable.find(d, op.userId(), op.opId()));
  }

  @Test
  void enqueue_makesTheIdOnce_andEveryTransitionIsAnEvent() {
    OpRow op = enqueue();
    queue.take("alice", 500);
    queue.synced(reload(op), "applied", 3L);

    assertThat(reload(op).opId()).isEqualTo(op.opId());
    assertThat(reload(op).state()).isEqualTo(OpState.SYNCED);
    assertThat(events).extracting(SyncEvent::state)
        .containsExactly(OpState.PENDING, OpState.SENDING, OpState.SYNCED);
    assertThat(queue.completion("alice", op.opId())).isCompletedWithValueMatching(
        r -> r.version() == 3L && r.serverStatus().equals("applied"));
  }

  @Test
  void recover_afterACrashWhileSending_returnsOpsToPending_withTheSameIds() {
    OpRow op = enqueue();
    queue.take("alice", 500);
    db.close();
    db = Db.open(dir.resolve("q.db"));
    queue = new SyncQueue(db, clock, new Events(events::add), QueueLimits.DEFAULTS);

    queue.recover();

    assertThat(reload(op).state()).isEqualTo(OpState.PENDING);
    assertThat(reload(op).opId()).isEqualTo(op.opId());
  }

  @Test
  void retryLater_spendsAttempts_untilTheCapFailsTheOp() {
    OpRow op = enqueue();
    for (int i = 0; i < 2; i++) {
      queue.retryLater(List.of(reload(op)), true, 3, "timeout");
    }
    queue.retryLater(List.of(reload(op)), false, 3, "429");
    assertThat(reload(op).state()).isEqualTo(OpState.PENDING);
    assertThat(reload(op).attempts()).isEqualTo(2);

    CompletableFuture<OpResult> done = queue.completion("alice", op.opId());
    queue.retryLater(List.of(reload(op)), true, 3, "timeout");

    assertThat(reload(op).state()).isEqualTo(OpState.FAILED);
    assertThat(done.join().problem().slug()).isEqualTo("max-attempts");
  }

  @Test
  void retry_keepsTheIdAfterMaxAttempts_butNotAfterARejection() {
    OpRow unknown = enqueue();
    queue.retryLater(List.of(unknown), true, 1, "timeout");
    assertThat(queue.retry("alice", unknown.opId(), null).opId()).isEqualTo(unknown.opId());

    OpRow rejected = enqueue();
    queue.fail(rejected, 0, Problem.local("validation-failed", "Validation failed", "x"));
    QueuedOp again = queue.retry("alice", rejected.opId(), "{\"fields\":{\"a\":1}}");
    assertThat(again.opId()).isNotEqualTo(rejected.opId());
    assertThat(again.state()).isEqualTo(OpState.PENDING);
    assertThat(again.payload()).contains("\"a\":1");
  }

  @Test
  void expire_failsPendingOpsOlderThanTheRetention_andDiscardRemovesThem() {
    OpRow old = enqueue();
    clock.advance(Duration.ofDays(31));
    OpRow fresh = enqueue();

    queue.expire("alice", Duration.ofDays(30));

    assertThat(reload(old).state()).isEqualTo(OpState.FAILED);
    assertThat(Problem.parse(reload(old).problem()).slug()).isEqualTo("expired");
    assertThat(reload(fresh).state()).isEqualTo(OpState.PENDING);
    queue.discard("alice", old.opId());
    assertThat(reload(old)).isNull();
    assertThatThrownBy(() -> queue.discard("alice", fresh.opId()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void users_areSeparateNamespaces() {
    OpRow op = enqueue();
    OpRow asBob = db.lookup(d -> OpTable.find(d, "bob", op.opId()));
    assertThat(asBob).isNull();
    assertThat(queue.completion("bob", op.opId())).isCompletedExceptionally();
    assertThatThrownBy(() -> queue.retry("bob", op.opId(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(db.tx(d -> OpTable.health(d, "bob")).depth()).isZero();
    assertThat(UUID.fromString(op.opId().toString())).isEqualTo(op.opId());
  }
}
