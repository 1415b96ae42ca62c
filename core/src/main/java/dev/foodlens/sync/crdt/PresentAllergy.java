package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A present allergen as the user sees it: the item of {@code GET /me/allergies}.
 *
 * @param allergen the normalised allergen code
 * @param severity the severity of its live tag with the greatest stamp; null when that add gave
 *     none
 * @param pendingConfirmation whether an open {@link Conflict} is waiting for the user's decision
 */
public record PresentAllergy(
    String allergen, @Nullable String severity, boolean pendingConfirmation) {
  public PresentAllergy {
    requireNonNull(allergen, "allergen");
  }
}
