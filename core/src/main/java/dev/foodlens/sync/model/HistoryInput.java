package dev.foodlens.sync.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The input rules of contract §4 for history writes. Each parser reports every bad member of a
 * body at once into {@code errors} and answers a value only when it reported none.
 */
public final class HistoryInput {
  public static final Set<String> VERDICTS = Set.of("safe", "caution", "unsafe", "unknown");
  private static final Set<String> CREATE_MEMBERS = Set.of("id", "scannedAt", "barcode",
      "productName", "verdict", "allergensDetected", "note");
  private static final String VERDICT_RULE = "must be \"safe\", \"caution\", \"unsafe\" or "
      + "\"unknown\"";

  private HistoryInput() {}

  /** A create body; optional strings may be absent or null, and mean the same. */
  public static Optional<HistoryCreate> create(Map<String, ?> body, List<FieldError> errors) {
    int before = errors.size();
    StorableText.check(body, "", errors);
    unknownMembers(body, CREATE_MEMBERS, errors);
    UUID id = id(body.get("id"), errors);
    Long scannedAt = scannedAt(body.get("scannedAt"), errors);
    String barcode = text(body.get("barcode"), "barcode", 64, errors);
    String productName = text(body.get("productName"), "productName", 200, errors);
    String verdict = verdict(body.get("verdict"), errors);
    List<String> allergens = allergens(body.get("allergensDetected"), errors);
    String note = text(body.get("note"), "note", 1000, errors);
    if (errors.size() > before || id == null || scannedAt == null || verdict == null) {
      return Optional.empty();
    }
    return Optional.of(new HistoryCreate(id, scannedAt, barcode, productName, verdict, allergens,
        note));
  }

  /** A patch body: any of {@code note} (a string or null) and {@code verdict}. */
  public static Optional<HistoryPatch> patch(Map<String, ?> body, List<FieldError> errors) {
    int before = errors.size();
    StorableText.check(body, "", errors);
    unknownMembers(body, Set.of("note", "verdict"), errors);
    String note = text(body.get("note"), "note", 1000, errors);
    String verdict = body.containsKey("verdict") ? verdict(body.get("verdict"), errors)
        : null;
    return errors.size() > before ? Optional.empty()
        : Optional.of(new HistoryPatch(body.containsKey("note"), note, verdict));
  }

  /** A delete takes no body, or an empty object. */
  public static boolean delete(Map<String, ?> body, List<FieldError> errors) {
    int before = errors.size();
    StorableText.check(body, "", errors);
    unknownMembers(body, Set.of(), errors);
    return errors.size() == before;
  }

  private static @Nullable UUID id(@Nullable Object raw, List<FieldError> errors) {
    Optional<UUID> id = raw instanceof String text ? Uuids.parse(text) : Optional.empty();
    if (id.isEmpty()) {
      errors.add(new FieldError("id", "is required: a UUID made by the client"));
    }
    return id.orElse(null);
  }

  private static @Nullable Long scannedAt(@Nullable Object raw, List<FieldError> errors) {
    Optional<Long> micros = raw instanceof String text ? UtcTimestamp.parse(text)
        : Optional.empty();
    if (micros.isEmpty()) {
      errors.add(new FieldError("scannedAt", "is required: an RFC 3339 UTC timestamp of at most "
          + "microsecond precision, e.g. 2026-11-24T10:00:00.123456Z"));
    }
    return micros.orElse(null);
  }

  private static @Nullable String verdict(@Nullable Object raw, List<FieldError> errors) {
    if (raw instanceof String s && VERDICTS.contains(s)) {
      return s;
    }
    errors.add(new FieldError("verdict", VERDICT_RULE));
    return null;
  }

  /** An optional string of at most {@code max} characters (code points); null = absent. */
  private static @Nullable String text(@Nullable Object raw, String field, int max,
      List<FieldError> errors) {
    if (raw == null) {
      return null;
    }
    if (raw instanceof String s && s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    errors.add(new FieldError(field, "must be a string of at most " + max + " characters, or "
        + "null"));
    return null;
  }

  /**
   * Names fold like allergy writes, a name outside the table to {@code other-<name>}
   * ({@link AllergenNames#orOther}), so a detected allergen and the user's allergy share one
   * code; repeats collapse, first occurrence first.
   */
  private static List<String> allergens(@Nullable Object raw, List<FieldError> errors) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      errors.add(new FieldError("allergensDetected", "must be an array of allergen codes"));
      return List.of();
    }
    Set<String> codes = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Optional<String> code = list.get(i) instanceof String s
          ? AllergenNames.orOther(s) : Optional.empty();
      if (code.isEmpty()) {
        errors.add(new FieldError("allergensDetected[" + i + "]",
            "must be an allergen name (with a letter or digit)"));
      }
      code.ifPresent(codes::add);
    }
    return new ArrayList<>(codes);
  }

  private static void unknownMembers(Map<String, ?> body, Set<String> known,
      List<FieldError> errors) {
    body.keySet().stream().filter(k -> !known.contains(k)).sorted()
        .forEach(k -> errors.add(new FieldError(k, "is not a known member")));
  }
}
