package dev.foodlens.sync.client;

/** How severe an allergy is (contract §4); an allergy may also have none (null). */
public enum Severity {
  SEVERE, MODERATE, MILD;

  public String wire() {
    return Wire.name(this);
  }

  public static Severity of(String wire) {
    return Wire.parse(Severity.class, wire);
  }
}
