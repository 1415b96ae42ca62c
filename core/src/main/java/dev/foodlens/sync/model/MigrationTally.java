package dev.foodlens.sync.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of a first-login migration (contract §6), per kind of record: {@code imported},
 * {@code skipped} (the server already held it, or it was invalid) and {@code invalid} (the part
 * of {@code skipped} that broke the schema). Nothing sent is ever dropped uncounted. Immutable.
 */
public record MigrationTally(Map<String, Integer> imported, Map<String, Integer> skipped,
    Map<String, Integer> invalid) {
  /** The kinds of record, in the order the summary lists them. */
  public static final List<String> KINDS = List.of("profile", "settings", "allergies", "history");

  public MigrationTally {
    imported = complete(imported);
    skipped = complete(skipped);
    invalid = complete(invalid);
  }

  public static MigrationTally empty() {
    return new MigrationTally(Map.of(), Map.of(), Map.of());
  }

  public MigrationTally imported(String kind, int n) {
    return new MigrationTally(add(imported, kind, n), skipped, invalid);
  }

  public MigrationTally skipped(String kind, int n) {
    return new MigrationTally(imported, add(skipped, kind, n), invalid);
  }

  /** Invalid records are skipped records too. */
  public MigrationTally invalid(String kind, int n) {
    return new MigrationTally(imported, add(skipped, kind, n), add(invalid, kind, n));
  }

  public MigrationTally plus(MigrationTally other) {
    MigrationTally sum = this;
    for (String kind : KINDS) {
      sum = new MigrationTally(add(sum.imported, kind, other.imported.getOrDefault(kind, 0)),
          add(sum.skipped, kind, other.skipped.getOrDefault(kind, 0)),
          add(sum.invalid, kind, other.invalid.getOrDefault(kind, 0)));
    }
    return sum;
  }

  private static Map<String, Integer> add(Map<String, Integer> counts, String kind, int n) {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("no such kind of record: " + kind);
    }
    Map<String, Integer> next = new LinkedHashMap<>(counts);
    next.merge(kind, n, Integer::sum);
    return next;
  }

  private static Map<String, Integer> complete(Map<String, Integer> counts) {
    Map<String, Integer> all = new LinkedHashMap<>();
    KINDS.forEach(kind -> all.put(kind, counts.getOrDefault(kind, 0)));
    return java.util.Collections.unmodifiableMap(all);
  }
}
