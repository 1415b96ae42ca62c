package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.UUID;

/** What a user's history holds under one entry id: nothing yet, a tombstone, or a live entry. */
public sealed interface HistorySlot {
  /** The id was never used. */
  record Empty(UUID id) implements HistorySlot {}

  /** The entry was deleted; ids never come back. */
  record Tombstone(UUID id) implements HistorySlot {}

  /** A live entry and the hash of the create that made it ({@link HistoryCreate#contentHash}). */
  record Live(HistoryEntry entry, byte[] contentHash) implements HistorySlot {
    public Live {
      requireNonNull(entry, "entry");
      contentHash = contentHash.clone();
    }

    @Override
    public UUID id() {
      return entry.id();
    }

    public boolean sameContent(HistoryCreate create) {
      return Arrays.equals(contentHash, create.contentHash());
    }

    @Override
    public byte[] contentHash() {
      return contentHash.clone();
    }
  }

  UUID id();
}
