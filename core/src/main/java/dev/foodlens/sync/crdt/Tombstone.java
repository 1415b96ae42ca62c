package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.UUID;

/**
 * Why and when a tag stopped counting toward its allergen's presence.
 *
 * <p>A tag can be removed on several grounds; the set keeps the earliest (least {@code version},
 * then least {@code by} in {@link OpIds#ORDER}), so the tombstone is the same however the ops
 * arrived. Once tombstoned, a tag never comes back: a later add inserts a new tag. Instances are
 * immutable and thread-safe.
 *
 * @param tag the op id of the add whose tag this is
 * @param version the version at which the tag was removed: that of the op named by {@code by},
 *     or for {@link Cause#LAST_WRITER_WINS} of whichever of the pair arrived second
 * @param by the op id of the remove, or of the resolve for {@link Cause#USER_DECISION}
 * @param cause the ground for the removal
 */
public record Tombstone(UUID tag, long version, UUID by, Cause cause) {
  static final Comparator<Tombstone> EARLIEST_FIRST = Comparator.comparingLong(Tombstone::version)
      .thenComparing(Tombstone::by, OpIds.ORDER)
      .thenComparing(Tombstone::cause);

  /** The grounds on which a tag is removed. */
  public enum Cause {
    /** A remove that had observed the tag. */
    OBSERVED_REMOVE,
    /** A concurrent remove with the greater stamp, while the gate was off. */
    LAST_WRITER_WINS,
    /** The user's {@link Decision#REMOVE} on a conflict over the tag. */
    USER_DECISION
  }

  public Tombstone {
    requireNonNull(tag, "tag");
    requireNonNull(by, "by");
    requireNonNull(cause, "cause");
  }
}
