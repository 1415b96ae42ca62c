package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * One validated {@code POST /me/migrate} call: its valid records, normalised, and the count of
 * those that broke the schema (skipped, never fatal). Whether the server already holds a valid
 * record is decided later, under the user's lock.
 *
 * @param profile valid profile fields with a value
 * @param settings valid settings keys with a value
 * @param allergies valid allergy adds, one per allergen, observing everything current
 * @param history valid history creates, one per entry id
 */
public record MigrationChunk(String source, String deviceId, boolean complete,
    Map<String, Object> profile, Map<String, Object> settings,
    List<AllergyIntent.Add> allergies, List<HistoryCreate> history, MigrationTally rejected) {
  public static final String SOURCE = "legacy-v1";

  /** The records to merge: what the merge's cost grows with. */
  public int size() {
    return profile.size() + settings.size() + allergies.size() + history.size();
  }

  public MigrationChunk {
    requireNonNull(source, "source");
    requireNonNull(deviceId, "deviceId");
    profile = Map.copyOf(profile);
    settings = Map.copyOf(settings);
    allergies = List.copyOf(allergies);
    history = List.copyOf(history);
    requireNonNull(rejected, "rejected");
  }
}
