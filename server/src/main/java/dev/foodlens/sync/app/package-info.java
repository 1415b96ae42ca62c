/** Start-up and wiring: configuration, keys, the migrator run, verticle deployment. */
@NullMarked
package dev.foodlens.sync.app;

import org.jspecify.annotations.NullMarked;
