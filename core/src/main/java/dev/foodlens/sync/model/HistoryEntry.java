package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.crdt.LwwRegister;
import dev.foodlens.sync.crdt.Stamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One live scan-history entry (contract §4). Everything but {@code verdict} and {@code note} is
 * fixed at creation; those two are independent last-writer-wins registers. Immutable.
 *
 * @param scannedAt microseconds since the epoch, UTC
 * @param allergensDetected normalised allergen codes, without duplicates, in the client's order
 * @param verdict never holds {@code null}
 * @param note {@code null} value = no note
 */
public record HistoryEntry(UUID id, long scannedAt, @Nullable String barcode,
    @Nullable String productName, List<String> allergensDetected, LwwRegister<String> verdict,
    LwwRegister<String> note) {
  public HistoryEntry {
    requireNonNull(id, "id");
    allergensDetected = List.copyOf(allergensDetected);
    requireNonNull(verdict, "verdict");
    requireNonNull(verdict.value(), "verdict value");
    requireNonNull(note, "note");
  }

  /**
   * The entry after {@code patch} written at {@code stamp}, merged field by field; empty when no
   * field of the patch won its merge (an older or repeated write, or an empty patch).
   */
  public Optional<HistoryEntry> patch(HistoryPatch patch, Stamp stamp) {
    requireNonNull(stamp, "stamp");
    LwwRegister<String> nextVerdict = patch.verdict() == null
        ? verdict : verdict.merge(LwwRegister.of(patch.verdict(), stamp));
    LwwRegister<String> nextNote = patch.setsNote()
        ? note.merge(LwwRegister.of(patch.note(), stamp)) : note;
    if (nextVerdict == verdict && nextNote == note) {
      return Optional.empty();
    }
    return Optional.of(new HistoryEntry(id, scannedAt, barcode, productName, allergensDetected,
        nextVerdict, nextNote));
  }
}
