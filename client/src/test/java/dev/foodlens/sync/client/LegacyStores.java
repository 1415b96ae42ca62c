package dev.foodlens.sync.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Writes legacy-v1 folders (legacy-format.md) of any size with the quirks real stores have:
 * lines that are not JSON, scans without a timestamp, repeated localIds (the first counts),
 * verdicts in any case, allergen names in odd spellings, blank lines. Deterministic per seed.
 */
final class LegacyStores {
  private static final String[] ODD_NAMES = {"Peanuts", " Tree nuts ", "SESAME", "peanut",
      "Milk", "dairy", "Soya", "Crustaceans", "eggs"};
  private static final String[] RESULTS = {"UNSAFE", "Safe", "caution", "unknown", "weird"};

  /** What a generated folder holds: the localIds that survive (in file order), bad and repeated. */
  record Generated(Path folder, List<Long> localIds, int badLines, int duplicateLines) {
    int scans() {
      return localIds.size();
    }

    List<UUID> ids(String userId) {
      return localIds.stream().map(l -> NameBasedIds.historyId(userId, l)).toList();
    }
  }

  private LegacyStores() {}

  static Generated write(Path folder, int scans, long seed) throws IOException {
    Files.createDirectories(folder);
    Random random = new Random(seed);
    Files.writeString(folder.resolve("meta.json"),
        "{\"format\": 1, \"appVersion\": \"1.8.3\", \"createdAt\": 1690000000000}");
    Files.writeString(folder.resolve("profile.json"),
        "{\"name\": \"Zoë\", \"lang\": \"en_GB\", \"diet\": \"VEGAN\", \"birth_year\": 1988}");
    Files.writeString(folder.resolve("settings.json"),
        "{\"units\": \"imperial\", \"darkMode\": false, \"reminders\": true, \"fontSize\": 3}");
    Files.writeString(folder.resolve("allergies.json"),
        "[\"Peanuts\", \" Tree nuts \", \"SESAME\", \"peanut\", \"Milk\", \"dairy\", 7]");
    List<String> lines = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    int bad = 0;
    int duplicates = 0;
    for (long id = 1; id <= scans; id++) {
      if (id % 47 == 0) {
        lines.add("{not json at all");
        bad++;
      }
      if (id % 53 == 0) {
        lines.add("{\"localId\": " + (100_000 + id) + ", \"code\": \"1\", \"name\": \"no ts\"}");
        bad++;
      }
      if (id % 97 == 0) {
        lines.add("");
      }
      lines.add(scan(id, random, "first"));
      ids.add(id);
      if (id % 41 == 0) {
        lines.add(scan(id - 3, random, "again"));
        duplicates++;
      }
    }
    Files.write(folder.resolve("history.jsonl"), lines, StandardCharsets.UTF_8);
    return new Generated(folder, List.copyOf(ids), bad, duplicates);
  }

  private static String scan(long id, Random random, String memo) {
    StringBuilder found = new StringBuilder();
    for (int i = random.nextInt(3); i > 0; i--) {
      found.append(found.length() == 0 ? "" : ", ").append('"')
          .append(ODD_NAMES[random.nextInt(ODD_NAMES.length)]).append('"');
    }
    return "{\"localId\": " + id + ", \"ts\": " + (1_690_000_000_000L + id * 61_000
        + random.nextInt(1000)) + ", \"code\": \"789" + (1_000_000_000L + id) + "\", \"name\": "
        + "\"Product " + id + "\", \"result\": \"" + RESULTS[random.nextInt(RESULTS.length)]
        + "\", \"found\": [" + found + "], \"memo\": \"" + memo + " ñ " + id + "\"}";
  }
}
