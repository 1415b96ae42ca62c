package dev.foodlens.sync.client;

/**
 * What {@link FoodLensSync#signOut(ClearLocalData)} does with the user's rows. {@code KEEP}: they
 * stay (the next sign-in of the user finds cache and queue). {@code CLEAR}: the queue is pushed
 * once more, then every row of the user is deleted, and the file too when no other user has
 * rows in it; ops the push could not deliver are answered and evented, never dropped silently.
 */
public enum ClearLocalData { KEEP, CLEAR }
