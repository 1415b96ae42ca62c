package dev.foodlens.sync.model;

import org.jspecify.annotations.Nullable;

/**
 * A validated {@code PATCH /me/history/{id}} body. A note can be cleared, so "absent" and
 * "set to null" differ: {@code setsNote} tells them apart. A verdict cannot be cleared, so a
 * {@code null} verdict means the patch leaves it alone.
 */
public record HistoryPatch(boolean setsNote, @Nullable String note, @Nullable String verdict) {
  public HistoryPatch {
    if (!setsNote && note != null) {
      throw new IllegalArgumentException("a note without setsNote");
    }
  }
}
