package dev.foodlens.sync.store;

/**
 * A write would take a user past one of their quotas (contract: {@code 422 quota-exceeded});
 * nothing of it was applied. Unlike a schema error it is not stored in the ledger for a REST
 * write: once the user has made room, the same request with the same key may succeed.
 * Stackless, like the other refusals a client can cause.
 */
public final class QuotaExceeded extends RuntimeException {
  private final String field;
  private final String detail;

  /** {@code field}: the member of the request that asked for more; {@code detail}: why. */
  public QuotaExceeded(String field, String detail) {
    super(detail, null, false, false);
    this.field = field;
    this.detail = detail;
  }

  /** Why: the message, never null. */
  public String detail() {
    return detail;
  }

  public String field() {
    return field;
  }
}
