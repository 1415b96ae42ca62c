package dev.foodlens.sync.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** Appends to a user's change feed, one row per applied change, in the write's transaction. */
public final class PgChangeFeed {
  /** One applied change: its version, the entity, the entity-local key and the new state. */
  public record Change(long version, String entity, String key, JsonObject state) {}

  private final String append = Sql.load("feed/append_change");

  public Future<Void> append(SqlClient tx, String userId, List<Change> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = changes.stream()
        .map(c -> Tuple.of(userId, c.version(), c.entity(), c.key(), c.state()))
        .toList();
    return tx.preparedQuery(append).executeBatch(rows).mapEmpty();
  }
}
