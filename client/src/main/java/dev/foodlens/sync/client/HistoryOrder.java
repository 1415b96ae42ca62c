package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The history's order (newest {@code scannedAt} first, ties by id, as the gateway lists it) as
 * one text key per entry that sorts ascending in that order: an index on it serves a page
 * without reading the rest, and the key of a page's last entry is the cursor of the next.
 */
final class HistoryOrder {
  /** Past any epoch-microsecond count of a real scan (year ±100,000), so the digits never wrap. */
  private static final long CEILING = 4_000_000_000_000_000_000L;

  private HistoryOrder() {}

  static String key(Instant scannedAt, UUID id) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, scannedAt);
    return String.format(Locale.ROOT, "%019d/%s", CEILING - micros,
        id.toString().toLowerCase(Locale.ROOT));
  }

  static String key(Scan scan) {
    return key(scan.scannedAt(), scan.id());
  }

  /** The key of a snapshot history value ({@code {deleted, entry}}); null when not listed. */
  static @Nullable String key(JsonNode value) {
    JsonNode entry = value.path("entry");
    if (value.path("deleted").asBoolean(false) || !entry.isObject()) {
      return null;
    }
    return key(Scan.of(entry));
  }
}
