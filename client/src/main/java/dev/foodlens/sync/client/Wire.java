package dev.foodlens.sync.client;

import java.util.Locale;

/** The lower-case wire names of the SDK's enums, in one place. */
final class Wire {
  private Wire() {}

  static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant whose wire name is {@code wire}, or IllegalArgumentException naming them. */
  static <E extends Enum<E>> E parse(Class<E> type, String wire) {
    for (E value : type.getEnumConstants()) {
      if (name(value).equals(wire)) {
        return value;
      }
    }
    throw new IllegalArgumentException(type.getSimpleName() + " has no \"" + wire + "\"");
  }
}
