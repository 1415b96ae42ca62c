package dev.foodlens.sync.store;

import dev.foodlens.sync.model.HistoryEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * History on the wire (contract §4): an entry, a deleted entry, and the change-feed state of
 * either. The feed reader adds {@code entity} and {@code version} to the state.
 */
public final class HistoryJson {
  private HistoryJson() {}

  /** Absent optional strings show as null, so every entry has the same members. */
  public static JsonObject entry(HistoryEntry entry) {
    return new JsonObject()
        .put("id", entry.id().toString())
        .put("scannedAt", AllergyJson.timestamp(entry.scannedAt()))
        .put("barcode", entry.barcode())
        .put("productName", entry.productName())
        .put("verdict", entry.verdict().value())
        .put("allergensDetected", new JsonArray(entry.allergensDetected()))
        .put("note", entry.note().value());
  }

  /** What {@code DELETE} answers, and the tombstone's feed state. */
  public static JsonObject removed(UUID id) {
    return new JsonObject().put("id", id.toString()).put("deleted", true);
  }

  static JsonObject feedState(HistoryEntry entry) {
    return new JsonObject().put("id", entry.id().toString()).put("deleted", false)
        .put("entry", entry(entry));
  }
}
