package dev.foodlens.sync.model;

import dev.foodlens.sync.crdt.Decision;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The input rules of contract §4 for allergy writes; names fold through {@link AllergenNames}.
 * Each parser reports every bad member of a body at once into {@code errors} and answers an
 * intent only when it reported none.
 */
public final class AllergyInput {
  private static final Set<String> SEVERITIES = Set.of("severe", "moderate", "mild");
  private static final String UNKNOWN = "is not a known member";

  private AllergyInput() {}

  /** {@code {"allergen", "severity"?, "observedVersion"?}}. */
  public static Optional<AllergyIntent> add(Map<String, ?> body, List<FieldError> errors) {
    int before = errors.size();
    StorableText.check(body, "", errors);
    unknownMembers(body, Set.of("allergen", "severity", "observedVersion"), errors);
    Object raw = body.get("allergen");
    String allergen = raw instanceof String text ? known(text, errors) : null;
    if (!(raw instanceof String)) {
      errors.add(new FieldError("allergen", "is required: a string"));
    }
    String severity = severity(body.get("severity"), errors);
    Long observed = observedVersion(body.get("observedVersion"), errors);
    return errors.size() > before || allergen == null ? Optional.empty()
        : Optional.of(new AllergyIntent.Add(allergen, severity, observed));
  }

  /** The path's allergen plus an optional body {@code {"observedVersion"?}}. */
  public static Optional<AllergyIntent> remove(String pathAllergen, Map<String, ?> body,
      List<FieldError> errors) {
    int before = errors.size();
    StorableText.check(body, "", errors);
    unknownMembers(body, Set.of("observedVersion"), errors);
    String allergen = existing(pathAllergen, errors);
    Long observed = observedVersion(body.get("observedVersion"), errors);
    return errors.size() > before || allergen == null ? Optional.empty()
        : Optional.of(new AllergyIntent.Remove(allergen, observed));
  }

  /** {@code {"decision": "keep"|"remove"}} about the conflict {@code conflictId}. */
  public static Optional<AllergyIntent> resolve(UUID conflictId, Map<String, ?> body,
      List<FieldError> errors) {
    int before = errors.size();
    StorableText.check(body, "", errors);
    unknownMembers(body, Set.of("decision"), errors);
    Object raw = body.get("decision");
    Decision decision = "keep".equals(raw) ? Decision.KEEP
        : "remove".equals(raw) ? Decision.REMOVE : null;
    if (decision == null) {
      errors.add(new FieldError("decision", "is required: \"keep\" or \"remove\""));
    }
    return errors.size() > before || decision == null ? Optional.empty()
        : Optional.of(new AllergyIntent.Resolve(conflictId, decision));
  }

  /** An add names a known allergen (or an explicit other-name): one folding, as the SDK's. */
  private static @Nullable String known(String raw, List<FieldError> errors) {
    Optional<String> code = AllergenNames.known(raw);
    if (code.isEmpty()) {
      errors.add(new FieldError("allergen", AllergenNames.unknown()));
    }
    return code.orElse(null);
  }

  /** A remove may name a code stored before the folding table: any well-formed code. */
  static @Nullable String existing(String raw, List<FieldError> errors) {
    Optional<String> code = AllergenNames.existing(raw);
    if (code.isEmpty()) {
      errors.add(new FieldError("allergen", "must be an allergen name or a code of 1-64 "
          + "characters of a-z, 0-9 and '-', starting with a letter or digit"));
    }
    return code.orElse(null);
  }

  private static @Nullable String severity(@Nullable Object raw, List<FieldError> errors) {
    if (raw == null || raw instanceof String s && SEVERITIES.contains(s)) {
      return (String) raw;
    }
    errors.add(new FieldError("severity", "must be \"severe\", \"moderate\", \"mild\" or null"));
    return null;
  }

  /** Absent or null means the writer had seen everything current. */
  private static @Nullable Long observedVersion(@Nullable Object raw, List<FieldError> errors) {
    if (raw == null) {
      return null;
    }
    if ((raw instanceof Integer || raw instanceof Long) && ((Number) raw).longValue() >= 0) {
      return ((Number) raw).longValue();
    }
    errors.add(new FieldError("observedVersion", "must be a non-negative integer"));
    return null;
  }

  private static void unknownMembers(Map<String, ?> body, Set<String> known,
      List<FieldError> errors) {
    body.keySet().stream().filter(k -> !known.contains(k)).sorted()
        .forEach(k -> errors.add(new FieldError(k, UNKNOWN)));
  }
}
