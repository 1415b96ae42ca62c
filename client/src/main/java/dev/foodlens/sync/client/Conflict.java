package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A remove-vs-add allergy conflict (contract §4) with both sides: which device removed the
 * allergen and which added it, under which op ids, received by the server when. {@code decision}
 * is set once {@link State#RESOLVED} (locally as soon as the user decided, before the server
 * confirmed it).
 */
public record Conflict(UUID id, String allergen, State state, @Nullable Decision decision,
    @Nullable Instant detectedAt, Side remove, Side add) {

  /** {@code OPEN} waits for the user; {@code SUPERSEDED}: a later write made it moot. */
  public enum State { OPEN, RESOLVED, SUPERSEDED }

  /** One side's write: the device, its op id, when the server received it (null if unknown). */
  public record Side(@Nullable String deviceId, @Nullable UUID opId,
      @Nullable Instant receivedAt) {
    static Side of(JsonNode side) {
      return new Side(side.path("deviceId").textValue(), uuid(side.path("opId").textValue()),
          instant(side.path("receivedAt").textValue()));
    }
  }

  public boolean open() {
    return state == State.OPEN;
  }

  static Conflict of(String id, JsonNode json) {
    String decision = json.path("decision").textValue();
    return new Conflict(UUID.fromString(id), json.path("allergen").asText(),
        Wire.parse(State.class, json.path("state").asText("open")),
        decision == null ? null : Decision.of(decision),
        instant(json.path("detectedAt").textValue()), Side.of(json.path("remove")),
        Side.of(json.path("add")));
  }

  private static @Nullable UUID uuid(@Nullable String text) {
    return text == null ? null : UUID.fromString(text);
  }

  private static @Nullable Instant instant(@Nullable String text) {
    return text == null ? null : java.time.OffsetDateTime.parse(text).toInstant();
  }
}
