package dev.foodlens.sync.http;

import io.vertx.ext.web.RoutingContext;
import org.jspecify.annotations.Nullable;

/** Query-string parsing shared by the paged reads. */
final class QueryParams {
  private QueryParams() {}

  /**
   * The whole number {@code name} within [min, max], {@code fallback} when absent, or
   * {@code null} when it is present but not such a number (the caller reports a 422).
   */
  static @Nullable Integer intInRange(RoutingContext ctx, String name, int fallback, int min,
      int max) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      return value >= min && value <= max ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
