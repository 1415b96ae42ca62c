package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.crdt.Stamp;
import java.util.UUID;

/**
 * What a history write does to the entry it names, decided from what the user's history holds
 * there. Only {@link Insert}, {@link Update} and {@link Remove} change anything (and so take a
 * change-feed version); the others are answers.
 */
public sealed interface HistoryDecision {
  /** A new entry: {@code 201}. */
  record Insert(HistoryEntry entry, byte[] contentHash) implements HistoryDecision {}

  /** A patch won at least one register: {@code 200} with the merged entry. */
  record Update(HistoryEntry entry) implements HistoryDecision {}

  /** The entry becomes a tombstone: {@code 200 {"id", "deleted": true}}. */
  record Remove(UUID id) implements HistoryDecision {}

  /** Nothing to change; {@code 200} with the entry as it stands. */
  record Unchanged(HistoryEntry entry) implements HistoryDecision {}

  /** No live entry has that id (never created, or deleted): {@code 404}. */
  record Missing(UUID id) implements HistoryDecision {}

  /** A create reused a live entry's id with different content: {@code 422} on {@code id}. */
  record Mismatch(UUID id) implements HistoryDecision {}

  /**
   * A create is idempotent by entry id: repeating it with the same content answers the entry as
   * it stands now (later patches included); a tombstoned id stays gone.
   */
  static HistoryDecision create(HistorySlot slot, HistoryCreate create, Stamp stamp) {
    requireNonNull(stamp, "stamp");
    if (slot instanceof HistorySlot.Empty) {
      return new Insert(create.at(stamp), create.contentHash());
    }
    if (slot instanceof HistorySlot.Live live) {
      return live.sameContent(create) ? new Unchanged(live.entry()) : new Mismatch(slot.id());
    }
    return new Missing(slot.id());
  }

  static HistoryDecision patch(HistorySlot slot, HistoryPatch patch, Stamp stamp) {
    if (!(slot instanceof HistorySlot.Live live)) {
      return new Missing(slot.id());
    }
    return live.entry().patch(patch, stamp).<HistoryDecision>map(Update::new)
        .orElseGet(() -> new Unchanged(live.entry()));
  }

  /** Deleting a tombstone finds nothing: the second delete of an entry is a 404. */
  static HistoryDecision delete(HistorySlot slot) {
    return slot instanceof HistorySlot.Live ? new Remove(slot.id()) : new Missing(slot.id());
  }
}
