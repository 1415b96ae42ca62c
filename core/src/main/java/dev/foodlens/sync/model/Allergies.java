package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.OrSet;

/**
 * One user's allergies as stored: the set their op log replays to, and the resource's version
 * (the change-feed position after the last change to it; 0 before any). Immutable.
 */
public record Allergies(OrSet set, long version) {
  public static final Allergies EMPTY = new Allergies(OrSet.empty(), 0);

  public Allergies {
    requireNonNull(set, "set");
  }

  /**
   * These allergies plus a logged op received after all of them, whose writes ended at
   * change-feed version {@code lastVersion}.
   */
  public Allergies plus(AllergyOp op, long lastVersion) {
    return new Allergies(set.apply(op).state(), Math.max(version, lastVersion));
  }
}
