package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * When a new write folds into the op at the tail of the queue instead of queueing another:
 * both patch the same resource (profile, settings, or one scan) and the tail op never left the
 * device. Each field is a last-writer-wins register stamped when the server receives it, so the
 * earlier value of a field patched again would be invisible anyway, and fields patched once keep
 * their value; the merged op is the same change, sent once. Adds, removes, creates, deletes and
 * resolves never fold: each is an event of its own.
 */
final class Coalescing {
  private static final Set<String> PATCHES = Set.of("profile", "settings", "history");

  private Coalescing() {}

  /** The merged payload, or null when the write must be an op of its own. */
  static @Nullable String merge(OpRow tail, String entity, String action,
      @Nullable String target, String payload) {
    if (!action.equals("patch") || !PATCHES.contains(entity) || !tail.action().equals("patch")
        || !tail.entity().equals(entity) || !Objects.equals(tail.target(), target)) {
      return null;
    }
    ObjectNode merged = (ObjectNode) Json.parse(tail.payload());
    JsonNode later = Json.parse(payload);
    if (entity.equals("history")) {
      merged.setAll((ObjectNode) later);
    } else {
      ((ObjectNode) merged.get("fields")).setAll((ObjectNode) later.get("fields"));
    }
    return merged.toString();
  }
}
