package dev.foodlens.sync.ops;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The operator toggles of contract §7, as one immutable value.
 *
 * @param writesPaused every write under {@code /me/} answers {@code 503 writes-paused}
 * @param manualMerge concurrent allergy removes and adds wait for the user (the gate is on);
 *     when false they are settled by last-writer-wins
 * @param pausedEntities entities whose writes are paused while the others flow
 *     ({@code writesPaused.<entity>}, issue 6)
 * @param revision the newest change this value includes; greater means newer
 */
public record Toggles(boolean writesPaused, boolean manualMerge, Set<String> pausedEntities,
    long revision) {
  public static final String WRITES_PAUSED = "writesPaused";
  public static final String MANUAL_MERGE = "manualMerge";
  /** The entities that can be paused one by one. */
  public static final List<String> ENTITIES = List.of("profile", "settings", "allergies",
      "history");
  /** What an instance assumes until it has read Postgres: the migration's defaults. */
  public static final Toggles DEFAULTS = new Toggles(false, true, Set.of(), -1);

  public Toggles {
    pausedEntities = Set.copyOf(requireNonNull(pausedEntities, "pausedEntities"));
  }

  public Toggles(boolean writesPaused, boolean manualMerge, long revision) {
    this(writesPaused, manualMerge, Set.of(), revision);
  }

  /** {@code writesPaused.allergies} for {@code allergies}. */
  public static String pauseName(String entity) {
    return WRITES_PAUSED + "." + entity;
  }

  /** Every toggle name, in the order the API lists them. */
  public static List<String> names() {
    return Stream.concat(Stream.of(WRITES_PAUSED, MANUAL_MERGE),
        ENTITIES.stream().map(Toggles::pauseName)).toList();
  }

  /** Whether writes to {@code entity} are refused: paused for all, or for that entity. */
  public boolean writesPaused(String entity) {
    return writesPaused || pausedEntities.contains(entity);
  }

  /** Whether any write is refused, for requests that touch every entity (migration). */
  public boolean anyWritesPaused() {
    return writesPaused || !pausedEntities.isEmpty();
  }
}
