package dev.foodlens.sync.ops;

/**
 * Why a request was answered 503 ({@code foodlens_unavailable_responses_total{reason}}): the
 * wire says only {@code writes-paused} or {@code unavailable}, but an operator acts differently on
 * each cause, so the metric keeps them apart.
 */
public enum Refusal {
  /** An operator's pause, global or of the request's entity: un-pause when the work is done. */
  WRITES_PAUSED("writes-paused"),
  /** Postgres unreachable, read-only, or its pool saturated: look at the database. */
  UNAVAILABLE("unavailable"),
  /** Shed at the process's in-flight bound ({@code limits.maxInFlight}): add instances. */
  OVERLOAD("overload"),
  /** Unanswered at {@code http.requestTimeout}: something downstream is slow. */
  TIMEOUT("timeout");

  private final String label;

  Refusal(String label) {
    this.label = label;
  }

  /** The {@code reason} label's value. */
  public String label() {
    return label;
  }
}
