package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.crdt.LwwRegister;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.ledger.Fingerprint;
import dev.foodlens.sync.model.FieldRegisters;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Profile and settings as per-field last-writer-wins registers ({@code lww_fields}), stamped by
 * the per-user hybrid clock inside the write's transaction.
 */
public final class PgFieldStore {
  /** A patch to apply: who wrote it, with which op id, and the fields (null clears). */
  public record Patch(String entity, Map<String, ?> fields, String deviceId, UUID opId) {}

  private final String select = Sql.load("fields/select_fields");
  private final String claimAndAdvance = Sql.load("fields/claim_and_advance");
  private final String mergePatch = Sql.load("fields/merge_patch");
  private final HybridClock clock;

  public PgFieldStore(HybridClock clock) {
    this.clock = clock;
  }

  public Future<FieldRegisters> load(SqlClient client, String userId, String entity) {
    return client.preparedQuery(select).execute(Tuple.of(userId, entity)).map(rows -> {
      Map<String, FieldRegisters.Field> fields = new LinkedHashMap<>();
      for (Row row : rows) {
        fields.put(row.getString("field"), field(row));
      }
      return FieldRegisters.of(fields);
    });
  }

  /**
   * The first statement of a PATCH sent as SQL (see {@code fields/claim_and_advance}): claims
   * {@code key} and, if the claim is ours, locks the user and advances their version by the
   * patch's fields and their clock to {@code Hlc.next(hlc, now)}. Answers whether it claimed.
   */
  Future<Boolean> claimAndAdvance(SqlClient tx, String userId, UUID key, Fingerprint fingerprint,
      PgLedgerStore ledger, Patch patch) {
    OffsetDateTime now = ledger.now();
    Tuple args = Tuple.of(userId, key, Buffer.buffer(fingerprint.bytes()),
        now.plus(ledger.retention()), (long) patch.fields().size(), clock.nowMicros())
        .addOffsetDateTime(now);
    return tx.preparedQuery(claimAndAdvance).execute(args).map(rows -> rows.size() > 0);
  }

  /**
   * The second statement, sent behind {@link #claimAndAdvance} without waiting for it: merges
   * the patch in SQL at the stamp and versions the first one reserved, appends the feed, and
   * answers the entity's registers after it (none when the key was not ours to claim).
   */
  Future<Merged> mergePatch(SqlClient tx, String userId, UUID key, Patch patch) {
    String[] names = patch.fields().keySet().toArray(String[]::new);
    String[] values = patch.fields().values().stream()
        .map(v -> v == null ? null : Json.encode(v)).toArray(String[]::new);
    Tuple args = Tuple.of(userId, key, patch.entity()).addArrayOfString(names)
        .addArrayOfString(values).addString(patch.deviceId());
    return tx.preparedQuery(mergePatch).execute(args).map(rows -> {
      Map<String, FieldRegisters.Field> fields = new LinkedHashMap<>();
      int merged = 0;
      for (Row row : rows) {
        fields.put(row.getString("field"), field(row));
        merged += row.getBoolean("patched") ? 1 : 0;
      }
      return new Merged(FieldRegisters.of(fields), merged == names.length);
    });
  }

  /**
   * The registers after a merge sent as SQL; {@code complete} when every patched field merged,
   * which the clock guarantees (the stamp is newer than every stored one): a field that did not
   * would leave a reserved version without its feed row, so the write must roll back.
   */
  record Merged(FieldRegisters registers, boolean complete) {}

  /**
   * Merges {@code patch} into {@code current} at the transaction's next stamp and collects the
   * rows and feed entries of the fields it changed; answers the registers after it.
   */
  FieldRegisters apply(UserTx user, FieldRegisters current, Patch patch) {
    Stamp stamp = user.stamp(patch.deviceId(), patch.opId());
    FieldRegisters.Applied applied = current.apply(patch.fields(), stamp, user.version());
    for (FieldRegisters.Change c : applied.changes()) {
      user.row(RowKind.FIELD, Tuple.of(user.userId(), patch.entity(), c.field(), c.value(),
          stamp.ts(), stamp.deviceId(), stamp.opId(), null, c.version()));
      user.change(c.version(), patch.entity(), c.field(),
          new JsonObject().put("field", c.field()).put("value", c.value()));
      user.advanceTo(c.version());
    }
    return applied.registers();
  }

  private static FieldRegisters.Field field(Row row) {
    String json = row.getString("value");
    Object value = json == null ? null : Json.decodeValue(json);
    Stamp stamp = new Stamp(row.getLong("ts"), row.getString("device_id"), row.getUUID("op_id"));
    return new FieldRegisters.Field(LwwRegister.of(value, stamp), row.getLong("version"));
  }
}
