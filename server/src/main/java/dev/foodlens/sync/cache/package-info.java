/**
 * Caffeine per-user hot state for reads. Correctness never depends on it: entries carry versions.
 */
@NullMarked
package dev.foodlens.sync.cache;

import org.jspecify.annotations.NullMarked;
