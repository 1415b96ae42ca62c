package dev.foodlens.sync.client;

/**
 * What an op or a change is about: the one list of entity names. {@link #wire()} is the name a
 * push op carries (contract §5), {@link #feed()} the one of the change feed and the local
 * snapshot (an allergy change is singular there).
 */
public enum Entity {
  PROFILE("profile"), SETTINGS("settings"), ALLERGIES("allergy"), HISTORY("history"),
  CONFLICT("conflict");

  private final String feed;

  Entity(String feed) {
    this.feed = feed;
  }

  public String wire() {
    return Wire.name(this);
  }

  public String feed() {
    return feed;
  }

  public static Entity of(String wire) {
    return Wire.parse(Entity.class, wire);
  }
}
