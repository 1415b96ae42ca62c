/**
 * Postgres access through {@code vertx-pg-client}: prepared statements loaded from
 * {@code resources/sql}, one transaction per write, and the Flyway migrator that runs before
 * anything else.
 */
@NullMarked
package dev.foodlens.sync.store;

import org.jspecify.annotations.NullMarked;
