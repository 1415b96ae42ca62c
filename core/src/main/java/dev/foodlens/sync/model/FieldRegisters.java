package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.crdt.LwwRegister;
import dev.foodlens.sync.crdt.Stamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One user's register map for one entity (profile or settings): per field, the winning
 * {@link LwwRegister} and the change-feed version at which it was written.
 *
 * <p>{@link #apply} merges a patch field by field; a field whose stored stamp is newer than the
 * patch's keeps its value and is not reported as changed. Immutable and thread-safe.
 */
public final class FieldRegisters {
  /** A stored register and the user's version when it was written. */
  public record Field(LwwRegister<Object> register, long version) {}

  /** A field that a patch changed, with the version its change-feed entry gets. */
  public record Change(String field, @Nullable Object value, long version) {}

  /** The registers after a patch, and what changed (in patch order). */
  public record Applied(FieldRegisters registers, List<Change> changes) {}

  private final Map<String, Field> fields;

  private FieldRegisters(Map<String, Field> fields) {
    this.fields = Collections.unmodifiableMap(fields);
  }

  public static FieldRegisters of(Map<String, Field> fields) {
    return new FieldRegisters(new LinkedHashMap<>(fields));
  }

  public static FieldRegisters empty() {
    return new FieldRegisters(Map.of());
  }

  public Map<String, Field> fields() {
    return fields;
  }

  /** The greatest version among the fields; 0 when none was ever written. */
  public long version() {
    return fields.values().stream().mapToLong(Field::version).max().orElse(0L);
  }

  /**
   * Merges {@code patch} written at {@code stamp}; changed fields take consecutive versions
   * starting after {@code userVersion}.
   */
  public Applied apply(Map<String, ?> patch, Stamp stamp, long userVersion) {
    requireNonNull(stamp, "stamp");
    Map<String, Field> next = new LinkedHashMap<>(fields);
    List<Change> changes = new ArrayList<>();
    long version = userVersion;
    for (Map.Entry<String, ?> e : patch.entrySet()) {
      LwwRegister<Object> incoming = LwwRegister.of(e.getValue(), stamp);
      Field stored = fields.get(e.getKey());
      if (stored == null || stored.register().merge(incoming) == incoming) {
        version++;
        next.put(e.getKey(), new Field(incoming, version));
        changes.add(new Change(e.getKey(), e.getValue(), version));
      }
    }
    return new Applied(new FieldRegisters(next), changes);
  }
}
