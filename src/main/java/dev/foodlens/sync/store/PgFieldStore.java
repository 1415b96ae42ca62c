package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.Hlc;
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
import java.util.List;
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
  private final String upsert = Sql.load("fields/upsert_field");
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
    return users.lock(tx, userId).compose(user -> load(tx, userId, patch.entity())
        .compose(current -> {
          long ts = Hlc.next(user.hlc(), clock.nowMicros());
          Stamp stamp = new Stamp(ts, patch.deviceId(), patch.opId());
          FieldRegisters.Applied applied = current.apply(patch.fields(), stamp, user.version());
          long version = applied.changes().isEmpty()
              ? user.version() : applied.changes().get(applied.changes().size() - 1).version();
          return write(tx, userId, patch, stamp, applied.changes())
              .compose(v -> users.advance(tx, userId, new PgUserStore.UserClock(version, ts)))
              .map(v -> applied.registers());
        }));
  }

  private Future<Void> write(SqlClient tx, String userId, Patch patch, Stamp stamp,
      List<FieldRegisters.Change> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = changes.stream().map(c -> Tuple.of(userId, patch.entity(), c.field(),
        c.value(), stamp.ts(), stamp.deviceId(),
        stamp.opId(), null, c.version())).toList();
    List<PgChangeFeed.Change> feedRows = changes.stream()
        .map(c -> new PgChangeFeed.Change(c.version(), patch.entity(), c.field(),
            new JsonObject().put("field", c.field()).put("value", c.value())))
        .toList();
    return tx.preparedQuery(upsert).executeBatch(rows)
        .compose(v -> feed.append(tx, userId, feedRows));
  }

  private static FieldRegisters.Field field(Row row) {
    String json = row.getString("value");
    Object value = json == null ? null : Json.decodeValue(json);
    Stamp stamp = new Stamp(row.getLong("ts"), row.getString("device_id"), row.getUUID("op_id"));
    return new FieldRegisters.Field(LwwRegister.of(value, stamp), row.getLong("version"));
  }
}
