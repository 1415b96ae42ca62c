package dev.foodlens.sync.http;

import dev.foodlens.sync.model.FieldError;
import java.util.List;

/**
 * Carries a contract problem from a handler to the one failure handler. Stackless, like
 * vertx-web's {@code HttpException}: it is an answer, not a bug.
 */
public final class ProblemException extends RuntimeException {
  private final ProblemType type;
  private final String detail;
  private final List<FieldError> errors;

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, List.of());
  }

  public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.type = type;
    this.detail = detail;
    this.errors = List.copyOf(errors);
  }

  public ProblemType type() {
    return type;
  }

  /** The problem's {@code detail}: the message, never null. */
  public String detail() {
    return detail;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
