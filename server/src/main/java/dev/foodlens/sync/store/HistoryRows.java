package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.LwwRegister;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.model.HistoryEntry;
import dev.foodlens.sync.model.HistorySlot;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Row mapping of {@code history}: entries and slots out, statement parameters in. */
final class HistoryRows {
  private HistoryRows() {}

  /** The slots a {@code history/select_entries} read found, by id; ids never used are absent. */
  static Map<UUID, HistorySlot> slots(RowSet<Row> rows) {
    Map<UUID, HistorySlot> slots = new HashMap<>();
    for (Row row : rows) {
      UUID id = row.getUUID("id");
      slots.put(id, row.getBoolean("deleted") ? new HistorySlot.Tombstone(id)
          : new HistorySlot.Live(entry(row), row.getBuffer("content_hash").getBytes()));
    }
    return slots;
  }

  static List<HistoryEntry> entries(RowSet<Row> rows) {
    List<HistoryEntry> entries = new ArrayList<>(rows.size());
    rows.forEach(row -> entries.add(entry(row)));
    return entries;
  }

  static HistoryEntry entry(Row row) {
    List<String> allergens = new ArrayList<>();
    row.getJsonArray("allergens_detected").forEach(code -> allergens.add((String) code));
    Stamp verdict = new Stamp(row.getLong("verdict_ts"), row.getString("verdict_device_id"),
        row.getUUID("verdict_op_id"));
    Stamp note = new Stamp(row.getLong("note_ts"), row.getString("note_device_id"),
        row.getUUID("note_op_id"));
    return new HistoryEntry(row.getUUID("id"), micros(row.getOffsetDateTime("scanned_at")),
        row.getString("barcode"), row.getString("product_name"), allergens,
        LwwRegister.of(row.getString("verdict"), verdict),
        LwwRegister.of(row.getString("note"), note));
  }

  /** Parameters of {@code history/insert_entries}. */
  static Tuple insert(String userId, HistoryEntry e, byte[] contentHash, long version) {
    Stamp v = e.verdict().stamp();
    Stamp n = e.note().stamp();
    return Tuple.from(new @Nullable Object[] {userId, e.id(), time(e.scannedAt()), e.barcode(),
        e.productName(), e.verdict().value(), new JsonArray(e.allergensDetected()),
        e.note().value(), v.ts(), v.deviceId(), v.opId(), n.ts(), n.deviceId(), n.opId(),
        version, Buffer.buffer(contentHash)});
  }

  /** Parameters of {@code history/update_entries}. */
  static Tuple update(String userId, HistoryEntry e, long version) {
    Stamp v = e.verdict().stamp();
    Stamp n = e.note().stamp();
    return Tuple.from(new @Nullable Object[] {userId, e.id(), e.verdict().value(), v.ts(),
        v.deviceId(), v.opId(), e.note().value(), n.ts(), n.deviceId(), n.opId(), version});
  }

  static OffsetDateTime time(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L).atOffset(ZoneOffset.UTC);
  }

  static long micros(OffsetDateTime time) {
    Instant instant = time.toInstant();
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
        instant.getNano() / 1_000L);
  }
}
