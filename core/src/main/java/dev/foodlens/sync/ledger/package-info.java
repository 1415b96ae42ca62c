/**
 * The idempotency ledger's pure rules: request fingerprints and the decision for a key that was
 * seen before. Storage lives in {@code store}; this package only decides.
 */
@NullMarked
package dev.foodlens.sync.ledger;

import org.jspecify.annotations.NullMarked;
