package dev.foodlens.sync.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one normalisation of allergen names, used by the gateway (allergy writes, detected
 * allergens, migration) and by the client SDK (its writes and the legacy reader) alike, so a
 * name folds to the same code everywhere. A name is stripped, lower-cased, its runs of spaces,
 * {@code _} and {@code -} read as one separator, and looked up in one table of codes, plurals and
 * synonyms ({@code "Peanuts"} and {@code "groundnut"} → {@code peanut}, {@code " Tree nuts "} →
 * {@code tree-nut}). An allergen outside the table is written {@code other-<slug>}
 * ({@code other-kiwi}). The three entry points differ only in what they do with a name the table
 * does not know. Every code matches {@link #CODE}; folding a code gives it back. Stateless.
 */
public final class AllergenNames {
  /** The shape of every allergen code (contract §4). */
  public static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final String OTHER = "other-";
  private static final Pattern OTHER_NAME = Pattern.compile("other[^a-z0-9].*");
  private static final Map<String, String> TABLE = Map.ofEntries(
      Map.entry("peanut", "peanut"), Map.entry("peanuts", "peanut"),
      Map.entry("groundnut", "peanut"), Map.entry("groundnuts", "peanut"),
      Map.entry("tree nut", "tree-nut"), Map.entry("tree nuts", "tree-nut"),
      Map.entry("nuts", "tree-nut"), Map.entry("sesame", "sesame"),
      Map.entry("sesame seed", "sesame"), Map.entry("sesame seeds", "sesame"),
      Map.entry("milk", "milk"), Map.entry("dairy", "milk"), Map.entry("lactose", "milk"),
      Map.entry("egg", "egg"), Map.entry("eggs", "egg"), Map.entry("soy", "soy"),
      Map.entry("soya", "soy"), Map.entry("soybean", "soy"), Map.entry("soybeans", "soy"),
      Map.entry("gluten", "gluten"), Map.entry("wheat", "wheat"), Map.entry("fish", "fish"),
      Map.entry("shellfish", "shellfish"), Map.entry("crustacean", "shellfish"),
      Map.entry("crustaceans", "shellfish"), Map.entry("mustard", "mustard"),
      Map.entry("celery", "celery"), Map.entry("lupin", "lupin"), Map.entry("lupine", "lupin"),
      Map.entry("mollusc", "mollusc"), Map.entry("molluscs", "mollusc"),
      Map.entry("mollusk", "mollusc"), Map.entry("mollusks", "mollusc"),
      Map.entry("sulphites", "sulphites"), Map.entry("sulphite", "sulphites"),
      Map.entry("sulfites", "sulphites"), Map.entry("sulfite", "sulphites"));
  private static final Set<String> CODES = new TreeSet<>(TABLE.values());

  private AllergenNames() {}

  /** The codes the table names, sorted (besides them, {@code other-<slug>} is a code). */
  public static Set<String> codes() {
    return CODES;
  }

  /**
   * The code of a name the table knows, or of an explicit {@code other-<name>}; empty for any
   * other name. What a user's add must name.
   */
  public static Optional<String> known(String name) {
    String key = key(name);
    String code = TABLE.get(key);
    if (code != null) {
      return Optional.of(code);
    }
    return OTHER_NAME.matcher(key).matches() ? other(key.substring(5)) : Optional.empty();
  }

  /**
   * As {@link #known}, but a name the table does not know becomes {@code other-<slug>}: for
   * legacy records, where nothing may be dropped, and a product's detected allergens. Empty only
   * when no letter or digit is left.
   */
  public static Optional<String> orOther(String name) {
    Optional<String> known = known(name);
    return known.isPresent() ? known : other(key(name));
  }

  /**
   * As {@link #known}, else the name itself when it is already a well-formed code: for a remove,
   * which may name a code stored before the table.
   */
  public static Optional<String> existing(String name) {
    Optional<String> known = known(name);
    if (known.isPresent()) {
      return known;
    }
    String code = name.strip().toLowerCase(Locale.ROOT);
    return CODE.matcher(code).matches() ? Optional.of(code) : Optional.empty();
  }

  /** Why {@link #known} refused a name, for the user. */
  public static String unknown() {
    return "is not a known allergen: use one of " + String.join(", ", CODES)
        + ", or other-<name>";
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ");
  }

  private static Optional<String> other(String key) {
    String slug = key.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.isEmpty()) {
      return Optional.empty();
    }
    String code = OTHER + slug;
    return Optional.of(code.length() > 64 ? code.substring(0, 64).replaceAll("-+$", "") : code);
  }
}
