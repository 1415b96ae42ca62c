/**
 * Operations: the operator toggles every instance reads without a database round trip, and the
 * counters that a later slice exposes as Prometheus metrics.
 */
@NullMarked
package dev.foodlens.sync.ops;

import org.jspecify.annotations.NullMarked;
