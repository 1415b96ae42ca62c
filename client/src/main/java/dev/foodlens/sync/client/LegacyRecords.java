package dev.foodlens.sync.client;

import java.util.List;
import java.util.Map;

/**
 * A legacy-v1 store as read and mapped to the v1 contract (legacy-format.md): profile fields,
 * settings keys, allergen codes (folded, duplicates collapsed) and history entries with their
 * deterministic ids. {@link Report} says what the reader could not use: nothing it skips is
 * silently dropped. Immutable.
 */
public record LegacyRecords(Map<String, Object> profile, Map<String, Object> settings,
    List<String> allergies, List<Scan> history, Report report) {

  public LegacyRecords {
    profile = Map.copyOf(profile);
    settings = Map.copyOf(settings);
    allergies = List.copyOf(allergies);
    history = List.copyOf(history);
  }

  /**
   * What the reader met: history lines seen (blank ones aside), lines it skipped as bad (not
   * JSON, no {@code ts}, no {@code localId}), repeated lines of one {@code localId} (the first
   * counts), and a note for every record or key it skipped.
   */
  public record Report(int historyLines, int badLines, int duplicateLines, List<String> notes) {
    public Report {
      notes = List.copyOf(notes);
    }
  }
}
