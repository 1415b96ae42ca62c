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

  private final String append = Sql.load("feed/append_changes");
  private final String prune = Sql.load("feed/prune_changes");

  /** Appends every change in one statement. */
  public Future<Void> append(SqlClient tx, String userId, List<Change> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = changes.size();
    Long[] versions = new Long[n];
    String[] entities = new String[n];
    String[] keys = new String[n];
    String[] states = new String[n];
    for (int i = 0; i < n; i++) {
      Change c = changes.get(i);
      versions[i] = c.version();
      entities[i] = c.entity();
      keys[i] = c.key();
      states[i] = c.stateJson();
    }
    return tx.preparedQuery(append).execute(Tuple.of(userId).addArrayOfLong(versions)
        .addArrayOfString(entities).addArrayOfString(keys).addArrayOfString(states)).mapEmpty();
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
