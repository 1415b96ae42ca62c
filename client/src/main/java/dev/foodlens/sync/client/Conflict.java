package dev.foodlens.sync.client;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A remove-vs-add allergy conflict (contract §4): {@code state} is {@code open},
 * {@code resolved} (with {@code decision} {@code keep|remove}) or {@code superseded}. {@code json}
 * is the server's whole object (devices, op ids, times).
 */
public record Conflict(UUID id, String allergen, String state, @Nullable String decision,
    String json) {

  public boolean open() {
    return state.equals("open");
  }
}
