package dev.foodlens.sync.http;

import dev.foodlens.sync.cache.ResourceCache;
import dev.foodlens.sync.model.Allergies;
import dev.foodlens.sync.model.FieldSchema;
import dev.foodlens.sync.store.Touched;
import java.util.List;

/**
 * After a push or a migration commits: what a REST write publishes one resource at a time, for
 * everything the batch touched — the cached renderings, the replayed allergy set, and each
 * automatic decision of the gate-off merge, logged and counted.
 */
final class Publisher {
  private Publisher() {}

  static void publish(Deps deps, String requestId, String userId, Touched state) {
    state.fields().forEach((entity, registers) -> {
      FieldSchema schema = entity.equals(deps.profile().entity()) ? deps.profile()
          : deps.settings();
      deps.cache().offer(new ResourceCache.Key(userId, entity),
          FieldRoutes.render(schema, registers));
    });
    Allergies allergies = state.allergies();
    if (allergies != null) {
      deps.allergies().remember(userId, allergies);
      for (String resource : List.of(AllergyRoutes.SET, AllergyRoutes.CONFLICTS)) {
        deps.cache().offer(new ResourceCache.Key(userId, resource),
            AllergyRoutes.render(resource, allergies));
      }
    }
    state.autoDecided().forEach(d -> deps.autoResolved().record(requestId, userId, d));
  }
}
