package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A last-writer-wins register: the value written with the greatest {@link Stamp}.
 *
 * <p>{@link #merge} is commutative, associative and idempotent, so replicas that saw the same
 * writes in any order and any number of times hold the same register. A {@code null} value is a
 * cleared register; the clear still carries its stamp so that an older write cannot revive it.
 * Instances are immutable and thread-safe.
 *
 * @param <T> the value type; must have value equality
 */
public record LwwRegister<T>(@Nullable T value, Stamp stamp) {
  public LwwRegister {
    requireNonNull(stamp, "stamp");
  }

  public static <T> LwwRegister<T> of(@Nullable T value, Stamp stamp) {
    return new LwwRegister<>(value, stamp);
  }

  /** The register whose stamp is greater; {@code this} when both carry the same stamp. */
  public LwwRegister<T> merge(LwwRegister<T> other) {
    return other.stamp.isAfter(stamp) ? other : this;
  }
}
