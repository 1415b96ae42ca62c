package dev.foodlens.sync.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 12 item 6: /readyz costs Postgres at most one query per second per event loop. */
class ReadinessTest {
  private final AtomicLong now = new AtomicLong();
  private int probes;

  private Readiness readiness(Future<Boolean> answer) {
    return new Readiness(() -> {
      probes++;
      return answer;
    }, now::get, Duration.ofSeconds(1));
  }

  @Test
  void current_manyCallsWithinASecond_probeOnce() {
    Readiness readiness = readiness(Future.succeededFuture(true));
    for (int i = 0; i < 1000; i++) {
      now.addAndGet(Duration.ofNanos(900_000).toNanos());
      assertThat(readiness.current().result()).isTrue();
    }
    assertThat(probes).isEqualTo(1);
  }

  @Test
  void current_afterMaxAge_probesAgain() {
    Readiness readiness = readiness(Future.succeededFuture(true));
    readiness.current();
    now.addAndGet(Duration.ofMillis(999).toNanos());
    readiness.current();
    assertThat(probes).isEqualTo(1);
    now.addAndGet(Duration.ofMillis(1).toNanos());
    readiness.current();
    assertThat(probes).isEqualTo(2);
  }

  @Test
  void current_whileAProbeIsOut_sharesIt_evenPastMaxAge() {
    Promise<Boolean> pending = Promise.promise();
    Readiness readiness = readiness(pending.future());
    Future<Boolean> first = readiness.current();
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    Future<Boolean> second = readiness.current();
    assertThat(probes).isEqualTo(1);
    pending.complete(true);
    assertThat(first.result()).isTrue();
    assertThat(second.result()).isTrue();
  }

  @Test
  void current_failedProbe_isNotReady() {
    Readiness readiness = readiness(Future.failedFuture(new IllegalStateException("down")));
    assertThat(readiness.current().result()).isFalse();
  }
}
