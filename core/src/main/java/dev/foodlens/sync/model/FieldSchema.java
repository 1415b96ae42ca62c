package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The fields a register-map resource (profile, settings) accepts, in declaration order.
 *
 * <p>{@link #validate} reports every bad field of a patch at once; a patch is applied only when
 * it reports none. {@code null} is always accepted: it clears the field back to its default.
 * Immutable and thread-safe.
 */
public final class FieldSchema {
  private final String entity;
  private final Map<String, FieldSpec> fields;
  private final boolean showsDefaults;

  private FieldSchema(String entity, Map<String, FieldSpec> fields, boolean showsDefaults) {
    this.entity = entity;
    this.fields = Collections.unmodifiableMap(fields);
    this.showsDefaults = showsDefaults;
  }

  /**
   * A schema of {@code specs}; with {@code showsDefaults} a read lists every field (its default
   * when never set), without it only the fields that hold a value.
   */
  public static FieldSchema of(String entity, List<FieldSpec> specs, boolean showsDefaults) {
    requireNonNull(entity, "entity");
    Map<String, FieldSpec> byName = new LinkedHashMap<>();
    for (FieldSpec spec : specs) {
      if (byName.putIfAbsent(spec.name(), spec) != null) {
        throw new IllegalArgumentException("field " + spec.name() + " is declared twice");
      }
    }
    return new FieldSchema(entity, byName, showsDefaults);
  }

  /** The profile's fields, fixed by the wire contract (§4). */
  public static FieldSchema profile() {
    List<String> diets =
        List.of("none", "vegetarian", "vegan", "pescatarian", "keto", "halal", "kosher", "other");
    return of("profile", List.of(
        new FieldSpec("displayName", new FieldType.Text(1, 100), null),
        new FieldSpec("locale", new FieldType.LanguageTag(), null),
        new FieldSpec("dietType", new FieldType.OneOf(diets), null),
        new FieldSpec("avatarUrl", new FieldType.HttpsUrl(2048), null),
        new FieldSpec("birthYear", new FieldType.Year(1900), null)), false);
  }

  public String entity() {
    return entity;
  }

  public Map<String, FieldSpec> fields() {
    return fields;
  }

  public boolean showsDefaults() {
    return showsDefaults;
  }

  /** A patch body must be exactly {@code {"fields": {...}}}: its fields, or errors. */
  public static Map<String, @Nullable Object> fieldsOf(Map<String, @Nullable Object> body,
      List<FieldError> errors) {
    body.keySet().stream().filter(k -> !k.equals("fields"))
        .forEach(k -> errors.add(new FieldError(k, "is not a known member")));
    Object fields = body.get("fields");
    if (fields instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, @Nullable Object> typed = (Map<String, @Nullable Object>) map;
      return typed;
    }
    errors.add(new FieldError("fields", "must be an object"));
    return Map.of();
  }

  /** Every reason {@code patch} breaks this schema, with paths under {@code prefix}. */
  public List<FieldError> validate(Map<String, ?> patch, String prefix, int currentYear) {
    List<FieldError> errors = new ArrayList<>();
    patch.forEach((name, value) -> {
      FieldSpec spec = fields.get(name);
      if (spec == null) {
        errors.add(new FieldError(prefix + name, "is not a " + entity + " field"));
      } else if (value != null && StorableText.check(value, prefix + name, errors)) {
        spec.type().check(value, currentYear)
            .ifPresent(why -> errors.add(new FieldError(prefix + name, why)));
      }
    });
    return errors;
  }

  /** The value shown for {@code name} when it holds {@code stored} (null = never set). */
  public @Nullable Object shown(String name, @Nullable Object stored) {
    if (stored != null) {
      return stored;
    }
    return Optional.ofNullable(fields.get(name)).map(FieldSpec::defaultValue).orElse(null);
  }
}
