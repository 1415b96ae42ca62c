/**
 * Operations: the operator toggles every instance reads without a database round trip, and the
 * Prometheus registry ({@link dev.foodlens.sync.ops.Metrics}) behind {@code GET /metrics}.
 */
@NullMarked
package dev.foodlens.sync.ops;

import org.jspecify.annotations.NullMarked;
