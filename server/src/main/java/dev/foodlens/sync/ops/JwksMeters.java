package dev.foodlens.sync.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The refresh of the identity provider's keys ({@code auth.jwksUrl}), registered only on an
 * instance that has one, so an instance without has nothing to alert on:
 * {@code foodlens_jwks_refresh_total{outcome="success"|"failure"}}, {@code foodlens_jwks_keys}
 * (the keys held from the URL) and {@code foodlens_jwks_last_success_timestamp_seconds}.
 * Thread-safe.
 */
public final class JwksMeters {
  public static final String REFRESHES = "foodlens.jwks.refresh";
  public static final String KEYS = "foodlens.jwks.keys";
  public static final String LAST_SUCCESS = "foodlens.jwks.last.success.timestamp";

  private final Counter succeeded;
  private final Counter failed;
  private final AtomicLong keys = new AtomicLong();
  private final AtomicLong lastSuccess = new AtomicLong();

  public JwksMeters(MeterRegistry registry) {
    succeeded = Counter.builder(REFRESHES).tag("outcome", "success")
        .description("Fetches of the identity provider's keys").register(registry);
    failed = Counter.builder(REFRESHES).tag("outcome", "failure")
        .description("Fetches of the identity provider's keys").register(registry);
    Gauge.builder(KEYS, keys, AtomicLong::get).strongReference(true)
        .description("Keys held from auth.jwksUrl").register(registry);
    Gauge.builder(LAST_SUCCESS, lastSuccess, AtomicLong::get).strongReference(true)
        .baseUnit("seconds").description("When the keys were last fetched")
        .register(registry);
  }

  /** A fetch brought {@code held} usable keys, {@code at}. */
  public void succeeded(int held, Instant at) {
    keys.set(held);
    lastSuccess.set(at.getEpochSecond());
    succeeded.increment();
  }

  /** A fetch failed; the keys held stay. */
  public void failed() {
    failed.increment();
  }
}
