package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.Conflict;
import dev.foodlens.sync.crdt.PresentAllergy;
import dev.foodlens.sync.model.Allergies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The wire shapes of allergies (contract §4 and §5), in one place: the HTTP responses and the
 * change feed's entries render them alike.
 */
public final class AllergyJson {
  private static final DateTimeFormatter RFC_3339_MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private AllergyJson() {}

  /** {@code GET /me/allergies}: {@code {"version", "items", "openConflicts"}}. */
  public static JsonObject set(Allergies allergies) {
    JsonArray items = new JsonArray();
    allergies.set().items().forEach(a -> items.add(new JsonObject()
        .put("allergen", a.allergen())
        .put("severity", a.severity())
        .put("pendingConfirmation", a.pendingConfirmation())));
    return new JsonObject().put("version", allergies.version()).put("items", items)
        .put("openConflicts", allergies.set().openConflicts().size());
  }

  /** {@code GET /me/allergies/conflicts}: every conflict, oldest detection first. */
  public static JsonObject conflicts(Allergies allergies) {
    JsonArray list = new JsonArray();
    allergies.set().conflicts().forEach(c -> list.add(conflict(c)));
    return new JsonObject().put("conflicts", list);
  }

  /**
   * One conflict. {@code state} is {@code open}, {@code resolved} (with the user's
   * {@code decision}) or {@code superseded} (its add's tag was removed by other means).
   */
  public static JsonObject conflict(Conflict conflict) {
    JsonObject json = new JsonObject()
        .put("id", conflict.id().toString())
        .put("allergen", conflict.allergen())
        .put("kind", Conflict.KIND)
        .put("state", wire(conflict.state()))
        .put("detectedAt", timestamp(conflict.detectedAt().ts()))
        .put("remove", side(conflict.remove()))
        .put("add", side(conflict.add()));
    if (conflict.resolution() != null) {
      json.put("decision", wire(conflict.resolution().decision()));
    }
    return json;
  }

  /** A change-feed {@code allergy} entry's state: the allergen as it stands now. */
  public static JsonObject feedState(String allergen, Optional<PresentAllergy> present) {
    return new JsonObject()
        .put("allergen", allergen)
        .put("present", present.isPresent())
        .put("severity", present.map(PresentAllergy::severity).orElse(null))
        .put("pendingConfirmation", present.map(PresentAllergy::pendingConfirmation).orElse(false));
  }

  /** RFC 3339, UTC, microseconds. */
  public static String timestamp(long epochMicros) {
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
        Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    return RFC_3339_MICROS.format(instant);
  }

  /** An enum constant's wire name: {@code LAST_WRITER_WINS} is {@code last-writer-wins}. */
  public static String wire(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static <E extends Enum<E>> E fromWire(Class<E> type, String name) {
    return Enum.valueOf(type, name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /** A device that named no {@code X-Device-Id} shows as null. */
  private static JsonObject side(AllergyOp op) {
    String device = op.stamp().deviceId();
    return new JsonObject()
        .put("deviceId", device.isEmpty() ? null : device)
        .put("opId", op.opId().toString())
        .put("receivedAt", timestamp(op.stamp().ts()));
  }
}
