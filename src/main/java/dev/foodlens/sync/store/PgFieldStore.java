package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.crdt.LwwRegister;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.sync.FieldRegisters;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
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
  private final PgUserStore users;
  private final PgChangeFeed feed;
  private final HybridClock clock;

  public PgFieldStore(PgUserStore users, PgChangeFeed feed, HybridClock clock) {
    this.users = users;
    this.feed = feed;
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

  /** Applies {@code patch} in the caller's transaction and answers the entity's new registers. */
  public Future<FieldRegisters> patch(SqlClient tx, String userId, Patch patch) {
    return users.begin(tx, userId, clock).compose(user -> load(tx, userId, patch.entity())
        .compose(current -> {
          FieldRegisters after = apply(user, current, patch);
          return user.flush(tx, feed, users).map(v -> after);
        }));
  }

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
