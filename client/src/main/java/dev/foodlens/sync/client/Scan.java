package dev.foodlens.sync.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foodlens.sync.model.AllergenNames;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One history entry (a product scan), contract §4. {@code id} is made by the client (a UUID);
 * optional strings are null when absent. Made with {@link #builder()}.
 */
public record Scan(UUID id, Instant scannedAt, @Nullable String barcode,
    @Nullable String productName, Verdict verdict, List<String> allergensDetected,
    @Nullable String note) {

  public Scan {
    requireNonNull(id, "id");
    requireNonNull(scannedAt, "scannedAt");
    requireNonNull(verdict, "verdict");
    allergensDetected = List.copyOf(allergensDetected);
  }

  /** A scan with a new random id, scanned now, verdict unknown, until set otherwise. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects a {@link Scan}; not thread-safe. */
  public static final class Builder {
    private UUID id = UUID.randomUUID();
    private Instant scannedAt = Instant.now();
    private @Nullable String barcode;
    private @Nullable String productName;
    private Verdict verdict = Verdict.UNKNOWN;
    private List<String> allergensDetected = List.of();
    private @Nullable String note;

    private Builder() {}

    public Builder id(UUID id) {
      this.id = requireNonNull(id, "id");
      return this;
    }

    public Builder scannedAt(Instant at) {
      this.scannedAt = requireNonNull(at, "at");
      return this;
    }

    public Builder barcode(@Nullable String barcode) {
      this.barcode = barcode;
      return this;
    }

    public Builder productName(@Nullable String name) {
      this.productName = name;
      return this;
    }

    public Builder verdict(Verdict verdict) {
      this.verdict = requireNonNull(verdict, "verdict");
      return this;
    }

    /** Allergen names or codes, folded as the gateway folds them when the scan is written. */
    public Builder allergensDetected(List<String> allergens) {
      this.allergensDetected = List.copyOf(allergens);
      return this;
    }

    public Builder note(@Nullable String note) {
      this.note = note;
      return this;
    }

    public Scan build() {
      return new Scan(id, scannedAt, barcode, productName, verdict, allergensDetected, note);
    }
  }

  /**
   * This scan with its detected allergens folded as the gateway folds them (a name outside the
   * table becomes {@code other-<name>}), repeats dropped; a name with no letter or digit is
   * refused here, as the gateway would refuse it.
   */
  Scan folded() {
    Set<String> codes = new LinkedHashSet<>();
    for (String name : allergensDetected) {
      codes.add(AllergenNames.orOther(name).orElseThrow(() -> new IllegalArgumentException(
          "allergensDetected: \"" + name + "\" names no allergen")));
    }
    return new Scan(id, scannedAt, barcode, productName, verdict, List.copyOf(codes), note);
  }

  ObjectNode toJson() {
    ObjectNode json = Json.object().put("id", id.toString())
        .put("scannedAt", scannedAt.truncatedTo(ChronoUnit.MICROS).toString())
        .put("barcode", barcode).put("productName", productName).put("verdict", verdict.wire())
        .put("note", note);
    ArrayNode codes = json.putArray("allergensDetected");
    allergensDetected.forEach(codes::add);
    return json;
  }

  static Scan of(JsonNode json) {
    List<String> codes = new ArrayList<>();
    json.path("allergensDetected").forEach(c -> codes.add(c.asText()));
    return new Scan(UUID.fromString(json.path("id").asText()),
        Instant.parse(json.path("scannedAt").asText()), text(json, "barcode"),
        text(json, "productName"), Verdict.of(json.path("verdict").asText("unknown")), codes,
        text(json, "note"));
  }

  private static @Nullable String text(JsonNode json, String name) {
    JsonNode value = json.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }
}
