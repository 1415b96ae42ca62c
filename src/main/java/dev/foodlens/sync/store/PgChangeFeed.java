package dev.foodlens.sync.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;

/** Appends to a user's change feed, one row per applied change, in the write's transaction. */
public final class PgChangeFeed {
  /**
   * One applied change: its version, the entity, the entity-local key and the new state as JSON
   * text. Encoded when the change is made, which for a large write is on a worker thread
   * ({@link Worker}), so the event loop that sends the rows only copies bytes.
   */
  public record Change(long version, String entity, String key, String stateJson) {
    public Change(long version, String entity, String key, JsonObject state) {
      this(version, entity, key, state.encode());
    }
  }

  private final String append = Sql.load("feed/append_change");
  private final String prune = Sql.load("feed/prune_changes");

  /** The statement that appends one change; {@link #rows} are its arguments. */
  String appendSql() {
    return append;
  }

  /** The arguments of {@link #appendSql()} for {@code changes}, in order. */
  List<Tuple> rows(String userId, List<Change> changes) {
    return changes.stream()
        .map(c -> Tuple.of(userId, c.version(), c.entity(), c.key(), c.stateJson()))
        .toList();
  }

  /**
   * Prunes up to {@code batch} rows older than {@code retention} that no snapshot needs
   * (superseded changes and tombstones) and raises the users' feed floors; answers how many.
   */
  public Future<Integer> prune(SqlClient client, Duration retention, int batch) {
    return client.preparedQuery(prune)
        .execute(Tuple.of((double) retention.toSeconds(), batch))
        .map(rows -> rows.iterator().next().getLong("pruned").intValue());
  }
}
