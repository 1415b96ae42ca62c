package dev.foodlens.sync.client;

/** What a scan concluded about a product for this user (contract §4). */
public enum Verdict {
  SAFE, CAUTION, UNSAFE, UNKNOWN;

  public String wire() {
    return Wire.name(this);
  }

  public static Verdict of(String wire) {
    return Wire.parse(Verdict.class, wire);
  }
}
