package dev.foodlens.sync.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.crdt.LwwRegister;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.ledger.CanonicalJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A validated, normalised {@code POST /me/history} body. Two creates with the same id are "the
 * same content" when their {@link #contentHash()}es are equal: normalisation (allergen codes,
 * the instant of {@code scannedAt}) comes first, so spelling differences do not count.
 *
 * @param scannedAt microseconds since the epoch, UTC
 */
public record HistoryCreate(UUID id, long scannedAt, @Nullable String barcode,
    @Nullable String productName, String verdict, List<String> allergensDetected,
    @Nullable String note) {
  public HistoryCreate {
    requireNonNull(id, "id");
    requireNonNull(verdict, "verdict");
    allergensDetected = List.copyOf(allergensDetected);
  }

  /** The entry this create makes when written at {@code stamp}. */
  public HistoryEntry at(Stamp stamp) {
    return new HistoryEntry(id, scannedAt, barcode, productName, allergensDetected,
        LwwRegister.of(verdict, stamp), LwwRegister.of(note, stamp));
  }

  /** SHA-256 over the canonical JSON of the normalised content; 32 bytes. */
  public byte[] contentHash() {
    Map<String, @Nullable Object> content = new TreeMap<>();
    content.put("id", id.toString());
    content.put("scannedAt", scannedAt);
    content.put("barcode", barcode);
    content.put("productName", productName);
    content.put("verdict", verdict);
    content.put("allergensDetected", allergensDetected);
    content.put("note", note);
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(CanonicalJson.render(content).getBytes(UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM ships SHA-256", e);
    }
  }
}
