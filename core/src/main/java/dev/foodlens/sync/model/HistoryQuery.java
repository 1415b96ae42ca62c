package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A validated {@code GET /me/history} query: the page size (1–200, default 50) and where the
 * page starts (after {@code cursor}; at the newest entry when absent).
 */
public record HistoryQuery(int limit, Optional<HistoryCursor> cursor) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  public HistoryQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit out of range: " + limit);
    }
    requireNonNull(cursor, "cursor");
  }
}
