package dev.foodlens.sync.model;

import static java.util.Objects.requireNonNull;

import dev.foodlens.sync.ledger.CanonicalJson;
import dev.foodlens.sync.ledger.Fingerprint;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One op of a push (contract §5) as the client sent it: its op id, already checked, and the rest
 * of its members unvalidated, so that a bad op can be answered on its own ({@link OpInput}).
 *
 * @param index the op's position in the batch
 * @param members every member of the op object, {@code opId} included
 */
public record PushOp(int index, UUID opId, Map<String, @Nullable Object> members) {
  public PushOp {
    requireNonNull(opId, "opId");
    members = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(members));
  }

  public @Nullable Object member(String name) {
    return members.get(name);
  }

  /**
   * What makes two deliveries of an op id "the same op" for the ledger: SHA-256 over
   * {@code "PUSH"}, the canonical JSON array {@code [entity, action, target]} and the canonical
   * JSON payload. {@code observedVersion} and {@code clientTs} are left out: a retry may carry a
   * fresher observation or clock, and it is still the same op.
   */
  public Fingerprint fingerprint() {
    String route = CanonicalJson.render(
        Arrays.asList(member("entity"), member("action"), member("target")));
    return Fingerprint.of("PUSH", route, member("payload"));
  }
}
