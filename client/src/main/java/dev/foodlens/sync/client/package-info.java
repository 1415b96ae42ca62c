/**
 * The offline-first reference client SDK: {@link dev.foodlens.sync.client.FoodLensSync} over a
 * local SQLite store, a durable op queue and the gateway's sync protocol. Pure Java 17 plus
 * Jackson and SQLite: no Vert.x, so an Android app can embed it (and plug in its own
 * {@link dev.foodlens.sync.client.Transport}).
 */
@NullMarked
package dev.foodlens.sync.client;

import org.jspecify.annotations.NullMarked;
