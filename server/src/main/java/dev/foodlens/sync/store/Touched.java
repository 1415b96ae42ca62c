package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.AutoDecision;
import dev.foodlens.sync.model.Allergies;
import dev.foodlens.sync.model.FieldRegisters;
import dev.foodlens.sync.model.HistorySlot;
import dev.foodlens.sync.model.OpIntent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The part of one user's state a push or a migration touches, loaded in bulk under the user's
 * lock and then changed in memory op by op: the register maps it patches, the allergy set, the
 * history slots it names. What is left at the end is what the caches get after the commit.
 */
public final class Touched {
  final Map<String, FieldRegisters> fields = new HashMap<>();
  final Map<UUID, HistorySlot> slots = new HashMap<>();
  final List<AutoDecision> autoDecided = new ArrayList<>();
  @Nullable Allergies allergies;

  /** The register maps the push patched, by entity, as they stand after it. */
  public Map<String, FieldRegisters> fields() {
    return fields;
  }

  /** The allergies after the push, when it had allergy ops. */
  public @Nullable Allergies allergies() {
    return allergies;
  }

  /** The register map of {@code entity}: the prelude loads one for every entity a push patches. */
  FieldRegisters loadedFields(String entity) {
    FieldRegisters registers = fields.get(entity);
    if (registers == null) {
      throw new IllegalStateException("the registers of " + entity + " were not loaded");
    }
    return registers;
  }

  /** The allergy set: the prelude loads it when a push has an allergy op. */
  Allergies loadedAllergies() {
    if (allergies == null) {
      throw new IllegalStateException("the allergies were not loaded");
    }
    return allergies;
  }

  /** Decisions last-writer-wins took for the push's allergy ops while the gate was off. */
  public List<AutoDecision> autoDecided() {
    return autoDecided;
  }

  /** What a batch of intents needs loaded. */
  record Needs(Set<String> fieldEntities, boolean allergies, Set<UUID> historyIds) {
    static Needs of(List<OpIntent> intents) {
      Set<String> entities = new LinkedHashSet<>();
      Set<UUID> ids = new LinkedHashSet<>();
      boolean allergies = false;
      for (OpIntent intent : intents) {
        if (intent instanceof OpIntent.FieldPatch patch) {
          entities.add(patch.entity());
        } else if (intent instanceof OpIntent.AllergyChange) {
          allergies = true;
        } else if (intent instanceof OpIntent.HistoryAdd add) {
          ids.add(add.create().id());
        } else if (intent instanceof OpIntent.HistoryEdit edit) {
          ids.add(edit.id());
        } else if (intent instanceof OpIntent.HistoryDelete delete) {
          ids.add(delete.id());
        }
      }
      return new Needs(entities, allergies, ids);
    }
  }
}
