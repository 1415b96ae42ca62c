package dev.foodlens.sync.client;

/**
 * The user's answer to a remove-vs-add allergy conflict: {@code KEEP} the allergen (the add
 * wins) or {@code REMOVE} it (the remove wins).
 */
public enum Decision {
  KEEP, REMOVE;

  public String wire() {
    return Wire.name(this);
  }

  public static Decision of(String wire) {
    return Wire.parse(Decision.class, wire);
  }
}
