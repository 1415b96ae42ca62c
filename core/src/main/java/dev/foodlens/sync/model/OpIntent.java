package dev.foodlens.sync.model;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What one push op asks for, validated by the same rules as its REST call ({@link OpInput}), or
 * why it cannot be applied: the answer its REST call would have stored (422 or 404).
 */
public sealed interface OpIntent {
  /** {@code PATCH /me/profile} or {@code /me/settings}: {@code entity} names which. */
  record FieldPatch(String entity, Map<String, @Nullable Object> fields) implements OpIntent {}

  /** {@code POST /me/allergies}, {@code DELETE /me/allergies/{a}}, or a conflict's resolve. */
  record AllergyChange(AllergyIntent intent) implements OpIntent {}

  /** {@code POST /me/history}. */
  record HistoryAdd(HistoryCreate create) implements OpIntent {}

  /** {@code PATCH /me/history/{id}}. */
  record HistoryEdit(UUID id, HistoryPatch patch) implements OpIntent {}

  /** {@code DELETE /me/history/{id}}. */
  record HistoryDelete(UUID id) implements OpIntent {}

  /** The op breaks the schema: {@code 422 validation-failed} with these errors. */
  record Invalid(List<FieldError> errors) implements OpIntent {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }

  /** The target is no id at all (not a UUID): the {@code 404} its REST call would get. */
  record Missing(String what) implements OpIntent {}
}
