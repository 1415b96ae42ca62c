package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The input rules of {@code POST /me/migrate} (contract §6). A broken envelope (source, device,
 * {@code complete}, the shape of {@code records}) refuses the call with 422. A record that breaks
 * its schema does not: the client's legacy reader already mapped the old formats, so such a
 * record is skipped and counted as {@code invalid}, and the rest of the chunk goes on.
 */
public final class MigrationInput {
  private static final Set<String> MEMBERS = Set.of("source", "deviceId", "complete", "records");
  private static final Set<String> RECORDS = Set.of("profile", "settings", "allergies",
      "history");

  private final FieldSchema profile;
  private final FieldSchema settings;

  public MigrationInput(FieldSchema profile, FieldSchema settings) {
    this.profile = profile;
    this.settings = settings;
  }

  /** The chunk, or empty when the envelope reported errors. */
  public Optional<MigrationChunk> chunk(Map<String, ?> body, int currentYear,
      List<FieldError> errors) {
    int before = errors.size();
    unknown(body, MEMBERS, "", errors);
    if (!MigrationChunk.SOURCE.equals(body.get("source"))) {
      errors.add(new FieldError("source", "must be \"" + MigrationChunk.SOURCE + "\""));
    }
    Object device = body.get("deviceId");
    if (!(device instanceof String d && PushInput.DEVICE_ID.matcher(d).matches())) {
      errors.add(new FieldError("deviceId", "is required: 1-128 characters of A-Z, a-z, 0-9, "
          + "'.', '_' and '-'"));
    }
    if (!(body.get("complete") instanceof Boolean)) {
      errors.add(new FieldError("complete", "is required: true on the last call, else false"));
    }
    Map<String, ?> records = member(body, "", "records", Map.class, errors);
    unknown(records, RECORDS, "records.", errors);
    Map<String, ?> fields = member(records, "records.", "profile", Map.class, errors);
    Map<String, ?> keys = member(records, "records.", "settings", Map.class, errors);
    List<?> allergies = member(records, "records.", "allergies", List.class, errors);
    List<?> history = member(records, "records.", "history", List.class, errors);
    if (errors.size() > before) {
      return Optional.empty();
    }
    Tally tally = new Tally();
    return Optional.of(new MigrationChunk(MigrationChunk.SOURCE, (String) requireNonNull(device),
        (Boolean) requireNonNull(body.get("complete")), fields(profile, fields, currentYear, tally),
        fields(settings, keys, currentYear, tally), allergies(allergies, tally),
        history(history, tally), tally.counts));
  }

  /**
   * The records a call carries, valid or not: profile and settings fields, allergies and
   * history entries. Members of the wrong shape count nothing here; {@link #chunk} reports them.
   */
  public static int records(Map<String, ?> body) {
    if (!(body.get("records") instanceof Map<?, ?> records)) {
      return 0;
    }
    int n = 0;
    for (Object part : records.values()) {
      n += part instanceof Map<?, ?> map ? map.size() : part instanceof List<?> list ? list.size()
          : 0;
    }
    return n;
  }

  /** Counts what parsing refused; a holder, so the parsers can add to it in turn. */
  private static final class Tally {
    MigrationTally counts = MigrationTally.empty();
  }

  /** Fields with a value that the schema accepts; a null is nothing to import (skipped). */
  private static Map<String, Object> fields(FieldSchema schema, Map<String, ?> raw,
      int currentYear, Tally tally) {
    Map<String, Object> valid = new LinkedHashMap<>();
    raw.forEach((name, value) -> {
      if (value == null) {
        tally.counts = tally.counts.skipped(schema.entity(), 1);
      } else if (!schema.validate(Map.of(name, value), "", currentYear).isEmpty()) {
        tally.counts = tally.counts.invalid(schema.entity(), 1);
      } else {
        valid.put(name, value);
      }
    });
    return valid;
  }

  /**
   * The server decides presence; the legacy store may repeat an allergen (first one counts). A
   * legacy name the table does not know is kept as {@code other-<slug>}, as the SDK's reader
   * keeps it ({@link AllergenNames#orOther}), not refused as a user's add would be.
   */
  private static List<AllergyIntent.Add> allergies(List<?> raw, Tally tally) {
    List<AllergyIntent.Add> adds = new ArrayList<>();
    for (Object record : raw) {
      Optional<AllergyIntent> add = record instanceof Map<?, ?> map
          ? AllergyInput.add(legacyNamed(typed(map)), new ArrayList<>()) : Optional.empty();
      if (add.isEmpty() || typed((Map<?, ?>) record).containsKey("observedVersion")) {
        tally.counts = tally.counts.invalid("allergies", 1);
      } else {
        AllergyIntent.Add parsed = (AllergyIntent.Add) add.get();
        adds.add(new AllergyIntent.Add(parsed.allergen(), parsed.severity(), null));
      }
    }
    return adds;
  }

  private static Map<String, @Nullable Object> legacyNamed(Map<String, @Nullable Object> record) {
    if (!(record.get("allergen") instanceof String name)) {
      return record;
    }
    Map<String, @Nullable Object> named = new LinkedHashMap<>(record);
    named.put("allergen", AllergenNames.orOther(name).orElse(name));
    return named;
  }

  private static List<HistoryCreate> history(List<?> raw, Tally tally) {
    List<HistoryCreate> creates = new ArrayList<>();
    for (Object record : raw) {
      Optional<HistoryCreate> create = record instanceof Map<?, ?> map
          ? HistoryInput.create(typed(map), new ArrayList<>()) : Optional.empty();
      create.ifPresentOrElse(creates::add,
          () -> tally.counts = tally.counts.invalid("history", 1));
    }
    return creates;
  }

  /** An optional member of {@code type}: absent or null reads as empty. */
  @SuppressWarnings("unchecked")
  private static <T> T member(Map<String, ?> body, String prefix, String name, Class<?> type,
      List<FieldError> errors) {
    Object value = body.get(name);
    boolean list = type == List.class;
    if (value != null && !type.isInstance(value)) {
      errors.add(new FieldError(prefix + name, "must be " + (list ? "an array" : "an object")));
      value = null;
    }
    return (T) (value != null ? value : list ? List.of() : Map.of());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, @Nullable Object> typed(Map<?, ?> map) {
    return (Map<String, @Nullable Object>) map;
  }

  private static void unknown(Map<String, ?> body, Set<String> known, String prefix,
      List<FieldError> errors) {
    body.keySet().stream().filter(k -> !known.contains(k)).sorted()
        .forEach(k -> errors.add(new FieldError(prefix + k, "is not a known member")));
  }
}
