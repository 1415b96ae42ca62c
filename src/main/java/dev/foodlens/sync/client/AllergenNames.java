package dev.foodlens.sync.client;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Legacy display names to allergen codes (legacy-format.md): trim, lower-case, fold plurals and
 * synonyms through one table; a name the table does not know keeps a slug, {@code other-<slug>}.
 */
final class AllergenNames {
  private static final Map<String, String> TABLE = Map.ofEntries(
      Map.entry("peanut", "peanut"), Map.entry("peanuts", "peanut"),
      Map.entry("groundnut", "peanut"), Map.entry("groundnuts", "peanut"),
      Map.entry("tree nut", "tree-nut"), Map.entry("tree nuts", "tree-nut"),
      Map.entry("nuts", "tree-nut"), Map.entry("sesame", "sesame"),
      Map.entry("sesame seeds", "sesame"), Map.entry("milk", "milk"), Map.entry("dairy", "milk"),
      Map.entry("lactose", "milk"), Map.entry("egg", "egg"), Map.entry("eggs", "egg"),
      Map.entry("soy", "soy"), Map.entry("soya", "soy"), Map.entry("gluten", "gluten"),
      Map.entry("wheat", "wheat"), Map.entry("fish", "fish"), Map.entry("shellfish", "shellfish"),
      Map.entry("crustacean", "shellfish"), Map.entry("crustaceans", "shellfish"),
      Map.entry("mustard", "mustard"), Map.entry("celery", "celery"),
      Map.entry("lupin", "lupin"), Map.entry("mollusc", "mollusc"),
      Map.entry("molluscs", "mollusc"), Map.entry("sulphites", "sulphites"),
      Map.entry("sulfites", "sulphites"));

  private AllergenNames() {}

  /** The code for a display name; empty when nothing usable is left (a bad record). */
  static Optional<String> code(String name) {
    String folded = name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    String known = TABLE.get(folded);
    if (known != null) {
      return Optional.of(known);
    }
    String slug = folded.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.isEmpty()) {
      return Optional.empty();
    }
    String code = "other-" + slug;
    return Optional.of(code.length() > 64 ? code.substring(0, 64).replaceAll("-+$", "") : code);
  }
}
