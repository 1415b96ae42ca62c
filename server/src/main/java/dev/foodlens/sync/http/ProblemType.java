package dev.foodlens.sync.http;

/**
 * The problem types of the wire contract's error table (api-contract.md §1), one row each.
 * {@code docs/contracts/api-contracts.md} lists the same rows; a test keeps the two equal.
 */
public enum ProblemType {
  MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
  BAD_REQUEST(400, "bad-request", "Bad request"),
  IDEMPOTENCY_KEY_REQUIRED(400, "idempotency-key-required", "Idempotency-Key required"),
  UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
  FORBIDDEN(403, "forbidden", "Forbidden"),
  NOT_FOUND(404, "not-found", "Not found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
  IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Idempotency-Key reused"),
  VALIDATION_FAILED(422, "validation-failed", "Validation failed"),
  QUOTA_EXCEEDED(422, "quota-exceeded", "Quota exceeded"),
  RATE_LIMITED(429, "rate-limited", "Too many requests"),
  CHECKPOINT_EXPIRED(410, "checkpoint-expired", "Checkpoint expired"),
  WRITES_PAUSED(503, "writes-paused", "Writes paused"),
  UNAVAILABLE(503, "unavailable", "Service unavailable"),
  INTERNAL(500, "internal", "Internal server error");

  static final String BASE = "https://foodlens.dev/problems/";

  private final int status;
  private final String slug;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public String uri() {
    return BASE + slug;
  }
}
