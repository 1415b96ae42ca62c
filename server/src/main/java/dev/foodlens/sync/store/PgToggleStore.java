package dev.foodlens.sync.store;

import dev.foodlens.sync.ops.Toggles;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import java.util.HashSet;
import java.util.Set;

/** The operator toggles' rows ({@code toggles}); Postgres is their source of truth. */
public final class PgToggleStore {
  private final String select = Sql.load("toggles/select_toggles");

  public Future<Toggles> load(SqlClient client) {
    return client.preparedQuery(select).execute().map(PgToggleStore::toggles);
  }

  /** A toggle missing from the table keeps its default. */
  private static Toggles toggles(RowSet<Row> rows) {
    boolean writesPaused = Toggles.DEFAULTS.writesPaused();
    boolean manualMerge = Toggles.DEFAULTS.manualMerge();
    Set<String> paused = new HashSet<>();
    long revision = 0;
    for (Row row : rows) {
      String name = row.getString("name");
      if (name.equals(Toggles.WRITES_PAUSED)) {
        writesPaused = row.getBoolean("value");
      } else if (name.equals(Toggles.MANUAL_MERGE)) {
        manualMerge = row.getBoolean("value");
      } else if (row.getBoolean("value")) {
        Toggles.ENTITIES.stream().filter(e -> name.equals(Toggles.pauseName(e)))
            .forEach(paused::add);
      }
      revision = Math.max(revision, row.getLong("revision"));
    }
    return new Toggles(writesPaused, manualMerge, paused, revision);
  }
}
