package dev.foodlens.sync.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in a user's history list: the last entry a page showed. Pages continue strictly
 * after it in the list order (newest {@code scannedAt} first, ties by id ascending), so entries
 * inserted between two page requests can neither repeat nor push older entries out of view.
 *
 * <p>On the wire it is opaque: base64url of a versioned text. Only cursors this class encoded
 * decode; anything else is empty.
 *
 * @param scannedAt microseconds since the epoch of that entry's {@code scannedAt}
 */
public record HistoryCursor(long scannedAt, UUID id) {
  private static final Pattern TEXT = Pattern.compile("h1:(-?\\d{1,19}):([0-9a-f-]{36})");

  public HistoryCursor {
    requireNonNull(id, "id");
  }

  public static HistoryCursor after(HistoryEntry entry) {
    return new HistoryCursor(entry.scannedAt(), entry.id());
  }

  public String encode() {
    String text = "h1:" + scannedAt + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(UTF_8));
  }

  public static Optional<HistoryCursor> decode(String opaque) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(opaque), UTF_8);
      Matcher m = TEXT.matcher(text);
      if (!m.matches()) {
        return Optional.empty();
      }
      HistoryCursor cursor = new HistoryCursor(Long.parseLong(m.group(1)),
          UUID.fromString(m.group(2)));
      // One spelling per cursor: what we would encode, or nothing.
      return cursor.encode().equals(opaque) ? Optional.of(cursor) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
