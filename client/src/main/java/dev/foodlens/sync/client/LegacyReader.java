package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.foodlens.sync.model.AllergenNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a legacy-v1 folder (legacy-format.md) without ever failing on its content: a missing or
 * broken file, a bad line or an unknown key is noted in the report and skipped. Never writes to
 * the folder. The output is deterministic (same folder and user, same records, same order), which
 * is what makes the chunked migration's keys safe to resend.
 */
final class LegacyReader {
  private static final Set<String> DIETS = Set.of("none", "vegetarian", "vegan", "pescatarian",
      "keto", "halal", "kosher", "other");
  private static final Set<String> VERDICTS = java.util.Arrays.stream(Verdict.values())
      .map(Verdict::wire).collect(java.util.stream.Collectors.toSet());

  private final List<String> notes = new ArrayList<>();

  private LegacyReader() {}

  static LegacyRecords read(Path folder, String userId) {
    return new LegacyReader().readAll(folder, userId);
  }

  private LegacyRecords readAll(Path folder, String userId) {
    Map<String, Object> profile = profile(json(folder.resolve("profile.json")));
    Map<String, Object> settings = settings(json(folder.resolve("settings.json")));
    List<String> allergies = allergies(json(folder.resolve("allergies.json")));
    History history = new History(userId);
    lines(folder.resolve("history.jsonl")).forEach(history::line);
    notes.addAll(history.notes);
    return new LegacyRecords(profile, settings, allergies, history.scans,
        new LegacyRecords.Report(history.lines, history.bad, history.duplicates, notes));
  }

  private JsonNode json(Path file) {
    if (!Files.isRegularFile(file)) {
      notes.add(file.getFileName() + ": missing");
      return Json.MAPPER.missingNode();
    }
    try {
      return Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      notes.add(file.getFileName() + ": unreadable (" + e.getClass().getSimpleName() + ")");
      return Json.MAPPER.missingNode();
    }
  }

  private List<String> lines(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8)
          : List.of();
    } catch (IOException e) {
      notes.add(file.getFileName() + ": unreadable (" + e.getMessage() + ")");
      return List.of();
    }
  }

  private Map<String, Object> profile(JsonNode json) {
    Map<String, Object> fields = new LinkedHashMap<>();
    json.fields().forEachRemaining(e -> {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "name" -> put(fields, "displayName", v.isTextual() ? v.asText() : null, e.getKey());
        case "lang" -> put(fields, "locale", v.isTextual() ? v.asText().trim().replace('_', '-')
            : null, e.getKey());
        case "diet" -> put(fields, "dietType", v.isTextual() ? diet(v.asText()) : null,
            e.getKey());
        case "birth_year" -> put(fields, "birthYear", v.canConvertToInt() && v.isIntegralNumber()
            ? v.asInt() : null, e.getKey());
        default -> notes.add("profile." + e.getKey() + ": no v1 field, skipped");
      }
    });
    return fields;
  }

  private static String diet(String legacy) {
    String diet = legacy.trim().toLowerCase(Locale.ROOT);
    return DIETS.contains(diet) ? diet : "other";
  }

  private Map<String, Object> settings(JsonNode json) {
    Map<String, Object> keys = new LinkedHashMap<>();
    json.fields().forEachRemaining(e -> {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "units" -> put(keys, "units", v.isTextual() ? v.asText() : null, e.getKey());
        case "darkMode" -> put(keys, "theme", v.isBoolean() ? (v.asBoolean() ? "dark" : "light")
            : null, e.getKey());
        case "reminders" -> put(keys, "notifications.scanReminders",
            v.isBoolean() ? v.asBoolean() : null, e.getKey());
        default -> notes.add("settings." + e.getKey() + ": no v1 key, skipped");
      }
    });
    return keys;
  }

  private void put(Map<String, Object> into, String name, @org.jspecify.annotations.Nullable
      Object value, String legacyName) {
    if (value == null) {
      notes.add(legacyName + ": wrong type, skipped");
    } else {
      into.put(name, value);
    }
  }

  private List<String> allergies(JsonNode json) {
    Set<String> codes = new LinkedHashSet<>();
    json.forEach(name -> {
      var code = name.isTextual() ? AllergenNames.orOther(name.asText())
          : java.util.Optional.<String>empty();
      code.ifPresentOrElse(codes::add, () -> notes.add("allergies: " + name + " skipped"));
    });
    return new ArrayList<>(codes);
  }

  /** The history lines: one scan per line, the first line of a localId wins. */
  private static final class History {
    final String userId;
    final List<Scan> scans = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final Set<Long> seen = new HashSet<>();
    int lines;
    int bad;
    int duplicates;

    History(String userId) {
      this.userId = userId;
    }

    void line(String text) {
      if (text.isBlank()) {
        return;
      }
      int number = ++lines;
      JsonNode json;
      try {
        json = Json.MAPPER.readTree(text);
      } catch (IOException e) {
        json = MissingNode.getInstance();
      }
      String why = !json.isObject() ? "not a JSON object"
          : !json.path("ts").isIntegralNumber() ? "no ts"
          : !json.path("localId").isIntegralNumber() ? "no localId" : null;
      if (why != null) {
        bad++;
        notes.add("history line " + number + ": " + why + ", skipped");
      } else if (!seen.add(json.get("localId").asLong())) {
        duplicates++;
        notes.add("history line " + number + ": localId " + json.get("localId") + " again");
      } else {
        scans.add(scan(json));
      }
    }

    private Scan scan(JsonNode json) {
      Set<String> found = new LinkedHashSet<>();
      json.path("found").forEach(n -> AllergenNames.orOther(n.asText()).ifPresent(found::add));
      String verdict = json.path("result").asText("unknown").trim().toLowerCase(Locale.ROOT);
      String memo = json.path("memo").asText("");
      return new Scan(NameBasedIds.historyId(userId, json.get("localId").asLong()),
          Instant.ofEpochMilli(json.get("ts").asLong()), text(json, "code"), text(json, "name"),
          VERDICTS.contains(verdict) ? Verdict.of(verdict) : Verdict.UNKNOWN, List.copyOf(found),
          memo.isEmpty() ? null : memo);
    }

    private static @org.jspecify.annotations.Nullable String text(JsonNode json, String name) {
      JsonNode v = json.get(name);
      return v == null || v.isNull() ? null : v.asText();
    }
  }
}
