package dev.foodlens.sync.sync;

import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.OrSet;
import java.util.List;

/**
 * One user's allergies as stored: the set their op log replays to, and the resource's version
 * (the change-feed position after the last change to it; 0 before any). Immutable.
 */
public record Allergies(OrSet set, long version) {
  public static final Allergies EMPTY = new Allergies(OrSet.empty(), 0);

  public Allergies {
    requireNonNull(set, "set");
  }

  /** The set that {@code ops}, applied in version order, build. */
  public static Allergies replay(List<AllergyOp> ops, long version) {
    OrSet set = OrSet.empty();
    for (AllergyOp op : ops) {
      set = set.apply(op).state();
    }
    return new Allergies(set, version);
  }
}
