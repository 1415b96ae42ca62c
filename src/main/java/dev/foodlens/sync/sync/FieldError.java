package dev.foodlens.sync.sync;

/** One reason a request body breaks its schema; {@code field} is a dotted path from the body. */
public record FieldError(String field, String message) {}
