/**
 * Use-case rules that need no I/O: field schemas and their validation, and how a patch of
 * last-writer-wins fields merges into a user's stored fields.
 */
@NullMarked
package dev.foodlens.sync.model;

import org.jspecify.annotations.NullMarked;
