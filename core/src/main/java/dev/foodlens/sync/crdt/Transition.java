package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

/**
 * The result of {@link OrSet#apply}: the set after the op and what the op did.
 *
 * @param state the new set; the very same instance when the outcome changed nothing
 * @param outcome the decision about the op, for the response, the change feed, logs and metrics
 */
public record Transition(OrSet state, Outcome outcome) {
  public Transition {
    requireNonNull(state, "state");
    requireNonNull(outcome, "outcome");
  }
}
