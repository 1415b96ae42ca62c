package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which legacy allergens this device's own migration adds on the server, and the allergies
 * version that covers those adds — so that the user's allergy ops about them observe the import
 * (the user saw those allergens before acting) and never open a conflict with it, while an add
 * made elsewhere that the device never saw still does. Noted before chunk 0 leaves (what the
 * server lacks then, it adds), covered right after its answer; both in {@code user_meta}.
 */
final class ImportedAllergens {
  private static final String ADDING = "migration.importing";
  /** {@code {"version", "allergens"}}. */
  private static final String COVERED = "migration.observed";

  private final Db db;

  ImportedAllergens(Db db) {
    this.db = db;
  }

  boolean noted(String userId) {
    return db.lookup(d -> Meta.user(d, userId, ADDING)) != null;
  }

  /** Before chunk 0: {@code held} is the server's {@code GET /me/allergies} answer. */
  void note(String userId, JsonNode chunk0, JsonNode held) {
    Set<String> present = new HashSet<>();
    held.path("items").forEach(i -> present.add(i.path("allergen").asText()));
    ArrayNode adding = Json.MAPPER.createArrayNode();
    chunk0.path("records").path("allergies").forEach(a -> {
      if (!present.contains(a.path("allergen").asText())) {
        adding.add(a.path("allergen").asText());
      }
    });
    db.run(d -> Meta.user(d, userId, ADDING, adding.toString()));
  }

  /** Chunk 0 went out, and the version covering its adds is not known yet. */
  boolean owed(String userId) {
    return db.tx(d -> Meta.user(d, userId, ADDING) != null
        && Meta.user(d, userId, COVERED) == null);
  }

  /** After chunk 0's answer: {@code now} is {@code GET /me/allergies}; queued ops observe it. */
  void cover(String userId, JsonNode now) {
    long version = now.path("version").asLong();
    db.run(d -> {
      JsonNode adding = Json.parse(Objects.requireNonNull(Meta.user(d, userId, ADDING)));
      List<String> codes = new ArrayList<>();
      adding.forEach(a -> codes.add(a.asText()));
      OpTable.observe(d, userId, codes, version);
      ObjectNode covered = Json.object().put("version", version);
      covered.set("allergens", adding);
      Meta.user(d, userId, COVERED, covered.toString());
    });
  }

  /** The version an allergy op about {@code allergen} observes through the import (or 0). */
  long observed(String userId, String allergen) {
    String json = db.lookup(d -> Meta.user(d, userId, COVERED));
    if (json == null) {
      return 0;
    }
    JsonNode covered = Json.parse(json);
    for (JsonNode code : covered.path("allergens")) {
      if (code.asText().equals(allergen)) {
        return covered.path("version").asLong();
      }
    }
    return 0;
  }
}
