/**
 * Pure merge rules: the hybrid logical clock, last-writer-wins registers and their total order,
 * and the allergies' observed-remove set ({@link dev.foodlens.sync.crdt.OrSet}) with its conflict
 * records. Nothing here knows time, storage or the network; clocks are injected.
 */
@NullMarked
package dev.foodlens.sync.crdt;

import org.jspecify.annotations.NullMarked;
