package dev.foodlens.sync.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of the history, newest first: {@code items}, and the cursor of the next page (null
 * on the last one). Pass the cursor to {@link FoodLensSync#historyPage} or
 * {@link FoodLensSync#observeHistory} to read on.
 */
public record HistoryPage(List<Scan> items, @Nullable String nextCursor) {
  public HistoryPage {
    items = List.copyOf(items);
  }
}
