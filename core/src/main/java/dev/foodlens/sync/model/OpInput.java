package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNullElse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns one push op into an {@link OpIntent} with the input rules its REST call uses (the field
 * schemas, {@link AllergyInput}, {@link HistoryInput}); error paths start at the op
 * ({@code payload.fields.locale}, {@code target}, {@code observedVersion}).
 *
 * <p>Entity and action: profile|settings + patch, allergies + add|remove, history +
 * create|patch|delete, conflict + resolve. Any other pair is invalid.
 */
public final class OpInput {
  private static final Set<String> MEMBERS = Set.of("opId", "entity", "action", "target",
      "payload", "observedVersion", "clientTs");
  private static final Set<String> TARGETED = Set.of("allergies.remove", "history.patch",
      "history.delete", "conflict.resolve");
  private static final Set<String> KINDS = Set.of("profile.patch", "settings.patch",
      "allergies.add", "allergies.remove", "history.create", "history.patch", "history.delete",
      "conflict.resolve");
  private static final Set<String> OBSERVING = Set.of("allergies.add", "allergies.remove");

  private final FieldSchema profile;
  private final FieldSchema settings;

  public OpInput(FieldSchema profile, FieldSchema settings) {
    this.profile = profile;
    this.settings = settings;
  }

  /** The op's intent; {@code currentYear} bounds {@code birthYear}. */
  public OpIntent intent(PushOp op, int currentYear) {
    List<FieldError> errors = new ArrayList<>();
    if (!StorableText.check(op.members(), "", errors)) {
      return new OpIntent.Invalid(errors);
    }
    String kind = op.member("entity") + "." + op.member("action");
    envelope(op, kind, errors);
    Map<String, @Nullable Object> payload = payload(op.member("payload"), errors);
    if (!errors.isEmpty()) {
      return new OpIntent.Invalid(errors);
    }
    String target = (String) op.member("target");
    return switch (kind) {
      case "profile.patch" -> fields(profile, payload, currentYear);
      case "settings.patch" -> fields(settings, payload, currentYear);
      case "allergies.add", "allergies.remove" -> allergy(kind, op, target, payload);
      case "conflict.resolve" -> Uuids.parse(target).map(id -> allergyIntent(
          AllergyInput.resolve(id, payload, errors), errors))
          .orElse(new OpIntent.Missing("conflict"));
      default -> history(kind, target, payload);
    };
  }

  /** The members around the payload; {@code target} only where the action names something. */
  private static void envelope(PushOp op, String kind, List<FieldError> errors) {
    op.members().keySet().stream().filter(k -> !MEMBERS.contains(k)).sorted()
        .forEach(k -> errors.add(new FieldError(k, "is not a known member")));
    if (!KINDS.contains(kind)) {
      errors.add(new FieldError("action", "is not an action of entity "
          + op.member("entity") + " (profile|settings: patch; allergies: add, remove; history: "
          + "create, patch, delete; conflict: resolve)"));
    }
    Object target = op.member("target");
    if (TARGETED.contains(kind) != target instanceof String) {
      errors.add(new FieldError("target", TARGETED.contains(kind)
          ? "is required: a string naming what the action changes" : "is not used by " + kind));
    }
    if (op.member("observedVersion") != null && !OBSERVING.contains(kind)) {
      errors.add(new FieldError("observedVersion", "is not used by " + kind));
    }
    if (!(op.member("clientTs") instanceof String ts && UtcTimestamp.parse(ts).isPresent())) {
      errors.add(new FieldError("clientTs", "is required: an RFC 3339 UTC timestamp"));
    }
  }

  /** An absent payload reads as {@code {}} (a delete or a remove needs none). */
  private static Map<String, @Nullable Object> payload(@Nullable Object raw,
      List<FieldError> errors) {
    if (raw == null) {
      return Map.of();
    }
    if (raw instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, @Nullable Object> typed = (Map<String, @Nullable Object>) map;
      return typed;
    }
    errors.add(new FieldError("payload", "must be an object"));
    return Map.of();
  }

  private static OpIntent fields(FieldSchema schema, Map<String, @Nullable Object> payload,
      int currentYear) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, @Nullable Object> fields = FieldSchema.fieldsOf(payload, errors);
    errors.addAll(schema.validate(fields, "fields.", currentYear));
    return errors.isEmpty() ? new OpIntent.FieldPatch(schema.entity(), fields)
        : new OpIntent.Invalid(under("payload.", errors));
  }

  /** observedVersion travels on the op; the REST rules read it from the body. */
  private static OpIntent allergy(String kind, PushOp op, @Nullable String target,
      Map<String, @Nullable Object> payload) {
    List<FieldError> errors = new ArrayList<>();
    if (payload.containsKey("observedVersion")) {
      errors.add(new FieldError("observedVersion", "send it on the op, not in the payload"));
      return new OpIntent.Invalid(under("payload.", errors));
    }
    Map<String, @Nullable Object> body = new LinkedHashMap<>(payload);
    if (op.member("observedVersion") != null) {
      body.put("observedVersion", op.member("observedVersion"));
    }
    if (kind.equals("allergies.add")) {
      return allergyIntent(AllergyInput.add(body, errors), errors);
    }
    if (!payload.isEmpty()) {
      payload.keySet().stream().sorted()
          .forEach(k -> errors.add(new FieldError(k, "is not a known member")));
      return new OpIntent.Invalid(under("payload.", errors));
    }
    Optional<AllergyIntent> remove = AllergyInput.remove(requireNonNullElse(target, ""), body,
        errors);
    errors.replaceAll(e -> e.field().equals("allergen") ? new FieldError("target", e.message())
        : e);
    return allergyIntent(remove, errors);
  }

  private static OpIntent allergyIntent(Optional<AllergyIntent> intent, List<FieldError> errors) {
    return intent.<OpIntent>map(OpIntent.AllergyChange::new)
        .orElseGet(() -> new OpIntent.Invalid(under("payload.", errors)));
  }

  private static OpIntent history(String kind, @Nullable String target,
      Map<String, @Nullable Object> payload) {
    List<FieldError> errors = new ArrayList<>();
    if (kind.equals("history.create")) {
      return HistoryInput.create(payload, errors).<OpIntent>map(OpIntent.HistoryAdd::new)
          .orElseGet(() -> new OpIntent.Invalid(under("payload.", errors)));
    }
    Optional<UUID> id = Uuids.parse(target);
    if (id.isEmpty()) {
      return new OpIntent.Missing("history entry");
    }
    if (kind.equals("history.patch")) {
      return HistoryInput.patch(payload, errors)
          .<OpIntent>map(patch -> new OpIntent.HistoryEdit(id.get(), patch))
          .orElseGet(() -> new OpIntent.Invalid(under("payload.", errors)));
    }
    return HistoryInput.delete(payload, errors) ? new OpIntent.HistoryDelete(id.get())
        : new OpIntent.Invalid(under("payload.", errors));
  }

  /** Payload errors get the payload's path; errors about the op's own members keep theirs. */
  private static List<FieldError> under(String prefix, List<FieldError> errors) {
    Set<String> own = Set.of("target", "observedVersion");
    return errors.stream().map(e -> own.contains(e.field()) ? e
        : new FieldError(prefix + e.field(), e.message())).toList();
  }
}
