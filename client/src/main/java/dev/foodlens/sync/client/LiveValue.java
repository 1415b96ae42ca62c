package dev.foodlens.sync.client;

/**
 * What an observer receives: the value as the device shows it now, and whether local writes that
 * the server has not confirmed yet shape it ({@code pendingWrites}, as Firestore's
 * {@code hasPendingWrites}): true from the write until the server's answer, false for a value
 * that is the server's as far as the device knows.
 */
public record LiveValue<T>(T value, boolean pendingWrites) {
}
