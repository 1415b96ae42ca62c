package dev.foodlens.sync.store;

import dev.foodlens.sync.sync.Checkpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a user's change feed from a checkpoint (contract §5).
 *
 * <p>Why a reader never skips a change that commits late: every write locks the user's row
 * before it takes its versions, so one user's versions are handed out in commit order. A reader
 * that has seen version {@code v} committed has seen every version below it, and asking for
 * {@code version > v} later can only find newer commits.
 */
public final class PgFeedReader {
  /** One change: its version, entity and the new state (the contract's shape without both). */
  public record Change(long version, String entity, String stateJson) {}

  /** A page of changes and the checkpoint to continue from. */
  public record Page(List<Change> changes, Checkpoint next, boolean hasMore) {}

  private final String since = Sql.load("feed/select_since");
  private final String snapshot = Sql.load("feed/select_snapshot");

  /**
   * Up to {@code limit} changes after {@code from}; empty when {@code from} is older than the
   * retained feed, newer than the user's feed, or names a change that is not the one now at its
   * version (a database restored to an earlier point), so the client must bootstrap again.
   */
  public Future<Optional<Page>> read(SqlClient client, String userId, Checkpoint from,
      int limit) {
    String sql = from.snapshot() ? snapshot : since;
    return client.preparedQuery(sql).execute(Tuple.of(userId, from.version(), limit + 1))
        .map(rows -> page(rows, from, limit));
  }

  private static Optional<Page> page(RowSet<Row> rows, Checkpoint from, int limit) {
    if (rows.size() == 0) {
      return from.version() == 0
          ? Optional.of(new Page(List.of(), Checkpoint.after(0), false)) : Optional.empty();
    }
    Row first = rows.iterator().next();
    long userVersion = first.getLong("user_version");
    boolean missedPruned = !from.snapshot() && from.version() < first.getLong("feed_floor");
    if (missedPruned || from.version() > userVersion
        || from.contradicts(stampOf(first, "since_stamp"))) {
      return Optional.empty();
    }
    List<Change> changes = new ArrayList<>();
    long lastStamp = 0;
    for (Row row : rows) {
      if (row.getLong("version") != null && changes.size() < limit) {
        changes.add(new Change(row.getLong("version"), row.getString("entity"),
            row.getString("state")));
        lastStamp = stampOf(row, "stamp");
      }
    }
    boolean hasMore = rows.size() > limit;
    Checkpoint next = hasMore
        ? new Checkpoint(changes.get(changes.size() - 1).version(), from.snapshot(), lastStamp)
        : Checkpoint.after(userVersion, stampOf(first, "head_stamp"));
    return Optional.of(new Page(changes, next, hasMore));
  }

  /** A change's stamp; 0 when the change is not there (pruned, or version 0). */
  private static long stampOf(Row row, String column) {
    Long stamp = row.getLong(column);
    return stamp == null ? 0 : stamp;
  }
}
