package dev.foodlens.sync.http;

import dev.foodlens.sync.model.FieldError;
import dev.foodlens.sync.model.HistoryDecision;
import dev.foodlens.sync.store.HistoryJson;
import dev.foodlens.sync.store.StoredAnswer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Turns what a history write decided into the answer the ledger stores: the entry (201 on
 * insert, 200 otherwise), the tombstone, or a deterministic 404/422.
 */
final class HistoryAnswers {
  private HistoryAnswers() {}

  static StoredAnswer of(RoutingContext ctx, HistoryDecision decision) {
    if (decision instanceof HistoryDecision.Insert insertion) {
      return json(201, HistoryJson.entry(insertion.entry()));
    }
    if (decision instanceof HistoryDecision.Update updated) {
      return json(200, HistoryJson.entry(updated.entry()));
    }
    if (decision instanceof HistoryDecision.Unchanged unchanged) {
      return json(200, HistoryJson.entry(unchanged.entry()));
    }
    if (decision instanceof HistoryDecision.Remove removed) {
      return json(200, HistoryJson.removed(removed.id()));
    }
    return problem(ctx, decision).orElseThrow();
  }

  /**
   * The problem the decision answers, or empty when the write succeeded: a push answers a
   * success with its version only, so it never renders the entry.
   */
  static Optional<StoredAnswer> problem(RoutingContext ctx, HistoryDecision decision) {
    if (decision instanceof HistoryDecision.Insert || decision instanceof HistoryDecision.Update
        || decision instanceof HistoryDecision.Unchanged
        || decision instanceof HistoryDecision.Remove) {
      return Optional.empty();
    }
    if (decision instanceof HistoryDecision.Mismatch) {
      return Optional.of(invalid(ctx, "a different entry already has this id",
          List.of(new FieldError("id",
              "already names an entry with different content; make a new id for a new scan"))));
    }
    return Optional.of(missing(ctx));
  }

  /** Never created, deleted, or a path id that is no UUID: all the same stored 404. */
  static StoredAnswer missing(RoutingContext ctx) {
    return Problems.outcome(ctx, ProblemType.NOT_FOUND,
        "this user has no history entry with that id", List.of());
  }

  static StoredAnswer invalid(RoutingContext ctx, String detail, List<FieldError> errors) {
    return Problems.outcome(ctx, ProblemType.VALIDATION_FAILED, detail, errors);
  }

  private static StoredAnswer json(int status, JsonObject body) {
    return StoredAnswer.of(status, body.toBuffer().getBytes());
  }
}
