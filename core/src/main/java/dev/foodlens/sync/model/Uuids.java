package dev.foodlens.sync.model;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a client-made UUID (idempotency keys, op ids, entry and conflict ids) in its canonical
 * text form, either case. {@link UUID#fromString} alone also accepts "1-2-3-4-5", which no
 * client sends on purpose.
 */
public final class Uuids {
  private static final Pattern TEXT = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Uuids() {}

  public static Optional<UUID> parse(@Nullable String text) {
    return text != null && TEXT.matcher(text).matches()
        ? Optional.of(UUID.fromString(text)) : Optional.empty();
  }
}
