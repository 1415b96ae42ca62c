package dev.foodlens.sync.sync;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;
import java.util.Optional;

/**
 * A position in a user's change feed, opaque to clients (contract §5).
 *
 * <p>{@code snapshot} marks a bootstrap still in progress: its next page reads the compacted
 * feed (each key's latest change only) after {@code version}; otherwise the next page reads every
 * change after {@code version}. The text form is versioned ({@code c1}) so that its encoding can
 * change without breaking stored checkpoints.
 */
public record Checkpoint(long version, boolean snapshot) {
  private static final String PREFIX = "c1.";

  public Checkpoint {
    if (version < 0) {
      throw new IllegalArgumentException("a checkpoint version is never negative: " + version);
    }
  }

  /** Where a bootstrap starts: the compacted feed from the beginning. */
  public static Checkpoint bootstrap() {
    return new Checkpoint(0, true);
  }

  public static Checkpoint after(long version) {
    return new Checkpoint(version, false);
  }

  public String encode() {
    String text = PREFIX + (snapshot ? "s" : "d") + version;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(UTF_8));
  }

  /** The checkpoint a client sent, or empty when it is not one of ours. */
  public static Optional<Checkpoint> decode(String opaque) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(opaque), UTF_8);
      if (!text.startsWith(PREFIX) || text.length() < PREFIX.length() + 2) {
        return Optional.empty();
      }
      char mode = text.charAt(PREFIX.length());
      long version = Long.parseLong(text.substring(PREFIX.length() + 1));
      if ((mode != 's' && mode != 'd') || version < 0) {
        return Optional.empty();
      }
      return Optional.of(new Checkpoint(version, mode == 's'));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
