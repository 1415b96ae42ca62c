package dev.foodlens.sync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the app sees: the user's server snapshot with the unconfirmed ops replayed on top, in
 * queue order (optimistic UI). Failed ops are not replayed: the server refused them. Between
 * the two lie the legacy records this device migrates, until a pull brings them back.
 */
final class LocalView {
  private final Map<String, JsonNode> profile;
  private final Map<String, JsonNode> settings;
  private final Map<String, JsonNode> allergies;
  private final Map<String, JsonNode> history;
  private final Map<String, JsonNode> conflicts;

  /** Only {@code entities} are read; the others stay empty (replaying into them is harmless). */
  private LocalView(Db db, String userId, Set<Entity> entities) throws SQLException {
    profile = load(db, userId, entities, Entity.PROFILE);
    settings = load(db, userId, entities, Entity.SETTINGS);
    allergies = load(db, userId, entities, Entity.ALLERGIES);
    history = load(db, userId, entities, Entity.HISTORY);
    conflicts = load(db, userId, entities, Entity.CONFLICT);
    for (JsonNode records : MigrationChunks.overlay(db, userId)) {
      overlay(records);
    }
    long version = SyncState.load(db, userId).serverVersion();
    for (OpRow op : OpTable.replayable(db, userId, version)) {
      replay(op, Json.parse(op.payload()));
    }
  }

  private LocalView(Map<String, JsonNode> history) {
    profile = new HashMap<>();
    settings = new HashMap<>();
    allergies = new HashMap<>();
    this.history = history;
    conflicts = new HashMap<>();
  }

  private static Map<String, JsonNode> load(Db db, String userId, Set<Entity> wanted,
      Entity entity) throws SQLException {
    return wanted.contains(entity) ? Snapshot.entity(db, userId, entity.feed())
        : new LinkedHashMap<>();
  }

  static LocalView of(Db db, String userId) {
    return of(db, userId, EnumSet.allOf(Entity.class));
  }

  static LocalView of(Db db, String userId, Set<Entity> entities) {
    return db.tx(d -> new LocalView(d, userId, entities));
  }

  /**
   * A page of the history after {@code after} (a cursor, null for the first page), read from one
   * index range of the snapshot plus the few entries the device changed, not the whole list.
   * The snapshot range holds {@code limit} entries, one more to tell whether a page follows, and
   * one more for each unconfirmed delete (each may hide one of them); the legacy overlay and the
   * unconfirmed creates add theirs, as the full view does.
   */
  static HistoryPage historyPage(Db db, String userId, @Nullable String after, int limit) {
    return db.tx(d -> {
      long version = SyncState.load(d, userId).serverVersion();
      List<OpRow> ops = OpTable.replayable(d, userId, version).stream()
          .filter(op -> op.entity().equals(Entity.HISTORY.wire())).toList();
      long deletes = ops.stream().filter(op -> op.action().equals("delete")).count();
      Map<String, JsonNode> slots = new LinkedHashMap<>();
      d.query("SELECT key, value FROM snapshot WHERE user_id = ? AND entity = 'history' "
          + "AND sort_key IS NOT NULL AND sort_key > ? ORDER BY sort_key LIMIT ?",
          r -> slots.put(Db.text(r, 1), Json.parse(Db.text(r, 2))), userId,
          after == null ? "" : after, limit + 1 + deletes);
      List<JsonNode> legacy = new ArrayList<>();
      for (JsonNode records : MigrationChunks.overlay(d, userId)) {
        records.path("history").forEach(legacy::add);
      }
      if (!legacy.isEmpty()) {
        Set<String> held = new HashSet<>(d.query("SELECT key FROM snapshot WHERE user_id = ? "
            + "AND entity = 'history'", r -> Db.text(r, 1), userId));
        for (JsonNode entry : legacy) {
          String id = entry.path("id").asText();
          if (!held.contains(id)) {
            slots.putIfAbsent(id, Json.object().put("deleted", false).set("entry", entry));
          }
        }
      }
      LocalView view = new LocalView(slots);
      for (OpRow op : ops) {
        view.replay(op, Json.parse(op.payload()));
      }
      List<Map.Entry<String, Scan>> listed = new ArrayList<>();
      for (Scan scan : view.history()) {
        String key = HistoryOrder.key(scan);
        if (after == null || key.compareTo(after) > 0) {
          listed.add(Map.entry(key, scan));
        }
      }
      listed.sort(Map.Entry.comparingByKey());
      boolean more = listed.size() > limit;
      List<Scan> items = listed.subList(0, Math.min(limit, listed.size())).stream()
          .map(Map.Entry::getValue).toList();
      return new HistoryPage(items, more ? listed.get(limit - 1).getKey() : null);
    });
  }

  /**
   * Legacy records not yet pulled back from the server, merged as the server will merge them
   * (contract §6): a field or an entry the server holds wins, an allergen absent is added.
   */
  private void overlay(JsonNode records) {
    records.path("profile").fields().forEachRemaining(e -> profile.putIfAbsent(e.getKey(),
        e.getValue()));
    records.path("settings").fields().forEachRemaining(e -> settings.putIfAbsent(e.getKey(),
        e.getValue()));
    records.path("allergies").forEach(a -> {
      String code = a.path("allergen").asText();
      if (!allergies.getOrDefault(code, Json.object()).path("present").asBoolean()) {
        allergies.put(code, Json.object().put("present", true).putNull("severity")
            .put("pendingConfirmation", false));
      }
    });
    records.path("history").forEach(entry -> history.putIfAbsent(entry.path("id").asText(),
        Json.object().put("deleted", false).set("entry", entry)));
  }

  private void replay(OpRow op, JsonNode payload) {
    switch (op.entity() + "." + op.action()) {
      case "profile.patch" -> payload.path("fields").fields()
          .forEachRemaining(e -> profile.put(e.getKey(), e.getValue()));
      case "settings.patch" -> payload.path("fields").fields()
          .forEachRemaining(e -> settings.put(e.getKey(), e.getValue()));
      case "allergies.add" -> allergies.put(op.requiredTarget(), Json.object().put("present", true)
          .put("severity", payload.path("severity").textValue())
          .put("pendingConfirmation", false));
      case "allergies.remove" -> allergies.put(op.requiredTarget(),
          Json.object().put("present", false));
      case "history.create" -> history.put(payload.path("id").asText(),
          Json.object().put("deleted", false).set("entry", payload));
      case "history.patch" -> patchEntry(op.requiredTarget(), payload);
      case "history.delete" -> history.put(op.requiredTarget(), Json.object().put("deleted", true));
      case "conflict.resolve" -> resolve(op.requiredTarget(), payload.path("decision").asText());
      default -> { }
    }
  }

  private void patchEntry(String id, JsonNode payload) {
    JsonNode slot = history.get(id);
    if (slot != null && slot.path("entry").isObject()) {
      ObjectNode entry = ((ObjectNode) slot.get("entry")).deepCopy();
      payload.fields().forEachRemaining(e -> entry.set(e.getKey(), e.getValue()));
      history.put(id, Json.object().put("deleted", false).set("entry", entry));
    }
  }

  private void resolve(String id, String decision) {
    JsonNode conflict = conflicts.get(id);
    if (conflict instanceof ObjectNode c) {
      conflicts.put(id, c.deepCopy().put("state", "resolved").put("decision", decision));
    }
  }

  Map<String, Object> profile() {
    Map<String, Object> fields = new TreeMap<>();
    profile.forEach((k, v) -> {
      if (!v.isNull()) {
        fields.put(k, Json.plain(v));
      }
    });
    return fields;
  }

  /** Settings the user (or the server) set; a cleared key maps to null (the server default). */
  Map<String, @org.jspecify.annotations.Nullable Object> settings() {
    Map<String, @org.jspecify.annotations.Nullable Object> fields = new TreeMap<>();
    settings.forEach((k, v) -> fields.put(k, v.isNull() ? null : Json.plain(v)));
    return fields;
  }

  List<Allergy> allergies() {
    List<Allergy> items = new ArrayList<>();
    allergies.forEach((code, state) -> {
      if (state.path("present").asBoolean()) {
        items.add(new Allergy(code, state.path("severity").textValue(),
            state.path("pendingConfirmation").asBoolean()));
      }
    });
    items.sort(Comparator.comparing(Allergy::allergen));
    return items;
  }

  /** Newest scan first, ties by id (the server's order, near enough for a screen). */
  List<Scan> history() {
    List<Scan> scans = new ArrayList<>();
    history.values().stream().filter(s -> !s.path("deleted").asBoolean(false))
        .filter(s -> s.path("entry").isObject()).forEach(s -> scans.add(Scan.of(s.get("entry"))));
    scans.sort(Comparator.comparing(Scan::scannedAt).reversed()
        .thenComparing(s -> s.id().toString().toLowerCase(Locale.ROOT)));
    return scans;
  }

  List<Conflict> conflicts() {
    List<Conflict> list = new ArrayList<>();
    Map<String, JsonNode> ordered = new LinkedHashMap<>(conflicts);
    ordered.forEach((id, c) -> list.add(Conflict.of(id, c)));
    return list;
  }
}
