package dev.foodlens.sync.client;

import org.jspecify.annotations.Nullable;

/**
 * An allergen the user has, as the app should show it: its code, its severity (null when not
 * given) and whether a remove/add conflict waits for the user's decision (the allergen stays
 * present meanwhile — the safe side).
 */
public record Allergy(String allergen, @Nullable String severity, boolean pendingConfirmation) {
}
