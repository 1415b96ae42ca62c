package dev.foodlens.sync.model;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;
import java.util.Optional;

/**
 * A position in a user's change feed, opaque to clients (contract §5).
 *
 * <p>{@code snapshot} marks a bootstrap still in progress: its next page reads the compacted
 * feed (each key's latest change only) after {@code version}; otherwise the next page reads every
 * change after {@code version}.
 *
 * <p>{@code stamp} identifies the change at {@code version} (when it was written, in microseconds;
 * 0 when not known): after a restore to an earlier point, new writes reuse the versions that were
 * lost, and a device whose checkpoint names one of them would otherwise skip, silently, every
 * change written since the restore up to its version. A stamp that no longer matches the change at
 * its version tells the reader that this feed is not the one the device followed.
 *
 * <p>The text form is versioned: {@code c1} (no stamp, still accepted) and {@code c2}.
 */
public record Checkpoint(long version, boolean snapshot, long stamp) {
  private static final String V1 = "c1.";
  private static final String V2 = "c2.";

  public Checkpoint {
    if (version < 0) {
      throw new IllegalArgumentException("a checkpoint version is never negative: " + version);
    }
  }

  public Checkpoint(long version, boolean snapshot) {
    this(version, snapshot, 0);
  }

  /** Where a bootstrap starts: the compacted feed from the beginning. */
  public static Checkpoint bootstrap() {
    return new Checkpoint(0, true);
  }

  public static Checkpoint after(long version) {
    return new Checkpoint(version, false);
  }

  public static Checkpoint after(long version, long stamp) {
    return new Checkpoint(version, false, stamp);
  }

  /** Whether {@code held}, the stamp of the change now at {@code version}, contradicts ours. */
  public boolean contradicts(long held) {
    return stamp != 0 && held != 0 && stamp != held;
  }

  public String encode() {
    String mode = snapshot ? "s" : "d";
    String text = stamp == 0 ? V1 + mode + version : V2 + mode + version + "." + stamp;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(UTF_8));
  }

  /** The checkpoint a client sent, or empty when it is not one of ours. */
  public static Optional<Checkpoint> decode(String opaque) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(opaque), UTF_8);
      boolean stamped = text.startsWith(V2);
      if (!(stamped || text.startsWith(V1)) || text.length() < V1.length() + 2) {
        return Optional.empty();
      }
      char mode = text.charAt(V1.length());
      String rest = text.substring(V1.length() + 1);
      long stamp = 0;
      if (stamped) {
        int dot = rest.indexOf('.');
        if (dot < 0) {
          return Optional.empty();
        }
        stamp = Long.parseLong(rest.substring(dot + 1));
        rest = rest.substring(0, dot);
      }
      long version = Long.parseLong(rest);
      if ((mode != 's' && mode != 'd') || version < 0 || (stamped && stamp <= 0)) {
        return Optional.empty();
      }
      return Optional.of(new Checkpoint(version, mode == 's', stamp));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
