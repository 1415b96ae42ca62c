package dev.foodlens.sync.ops;

/**
 * The operator toggles of contract §7, as one immutable value.
 *
 * @param writesPaused every write under {@code /me/} answers {@code 503 writes-paused}
 * @param manualMerge concurrent allergy removes and adds wait for the user (the gate is on);
 *     when false they are settled by last-writer-wins
 * @param revision the newest change this value includes; greater means newer
 */
public record Toggles(boolean writesPaused, boolean manualMerge, long revision) {
  /** What an instance assumes until it has read Postgres: the migration's defaults. */
  public static final Toggles DEFAULTS = new Toggles(false, true, -1);

  public static final String WRITES_PAUSED = "writesPaused";
  public static final String MANUAL_MERGE = "manualMerge";
}
