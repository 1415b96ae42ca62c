package dev.foodlens.sync.model;

/**
 * One reason a request body breaks its schema; {@code field} is a dotted path from the body.
 * Both parts may echo client text (an unknown member's name), so both are made
 * {@linkplain StorableText#printable printable}: a refusal must itself be storable.
 */
public record FieldError(String field, String message) {
  public FieldError {
    field = StorableText.printable(field);
    message = StorableText.printable(message);
  }
}
