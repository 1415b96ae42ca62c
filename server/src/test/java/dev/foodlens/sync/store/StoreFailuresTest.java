package dev.foodlens.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which failures are "storage cannot serve now" (503 unavailable) and which are bugs (500). */
class StoreFailuresTest {
  private static PgException pg(String sqlState) {
    return new PgException("boom", "ERROR", sqlState, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"08000", "08003", "08006", "08001", "57P01", "57P02", "57P03",
      "25006", "53300", "58030", "40001", "40P01"})
  void serverSaysItCannotServe_isUnavailable(String sqlState) {
    assertThat(StoreFailures.isUnavailable(pg(sqlState))).isTrue();
    assertThat(StoreFailures.isUnavailable(new IllegalStateException("wrapped", pg(sqlState))))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"42P01", "23505", "22021", "22P05", "42703", "XX000"})
  void aBugOrABadStatement_isNot(String sqlState) {
    assertThat(StoreFailures.isUnavailable(pg(sqlState))).isFalse();
  }

  @Test
  void anyIoFailureInTheCauseChain_isUnavailable() {
    // the broken pipe of a connection cut mid-transaction: a plain IOException from the encoder
    assertThat(StoreFailures.isUnavailable(new IOException("Broken pipe"))).isTrue();
    assertThat(StoreFailures.isUnavailable(
        new RuntimeException("flush failed", new IOException("Connection reset by peer"))))
        .isTrue();
    assertThat(StoreFailures.isUnavailable(new ClosedChannelException())).isTrue();
    assertThat(StoreFailures.isUnavailable(new ConnectException("refused"))).isTrue();
  }

  @Test
  void aPlainBug_isNot() {
    assertThat(StoreFailures.isUnavailable(new NullPointerException())).isFalse();
    assertThat(StoreFailures.isUnavailable(new IllegalStateException("x"))).isFalse();
  }
}
