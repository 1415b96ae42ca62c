package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.HybridClock;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.EnumMap;
import java.util.Map;

/** The per-user row that orders a user's writes: change-feed version and hybrid clock. */
public final class PgUserStore {
  /**
   * A user's change-feed position, last clock stamp and live history entries (for the quota),
   * read with the row locked.
   */
  public record UserClock(long version, long hlc, int historyCount) {}

  private final String lock = Sql.load("users/lock_user");
  private final String advance = Sql.load("users/advance_user");
  private final Map<RowKind, String> rows = new EnumMap<>(RowKind.class);

  public PgUserStore() {
    for (RowKind kind : RowKind.values()) {
      rows.put(kind, Sql.load(kind.path));
    }
  }

  /** Creates the user if needed and locks their row until the transaction ends. */
  public Future<UserClock> lock(SqlClient tx, String userId) {
    return tx.preparedQuery(lock).execute(Tuple.of(userId)).map(rows -> {
      Row row = rows.iterator().next();
      return new UserClock(row.getLong("version"), row.getLong("hlc"),
          row.getInteger("history_count"));
    });
  }

  /** Locks the user's row and opens their in-memory write transaction. */
  Future<UserTx> begin(SqlClient tx, String userId, HybridClock clock) {
    return lock(tx, userId).map(locked -> open(userId, locked, clock));
  }

  /** The in-memory transaction of a user whose row is locked at {@code locked}. */
  UserTx open(String userId, UserClock locked, HybridClock clock) {
    return new UserTx(userId, locked, clock, rows);
  }

  public Future<Void> advance(SqlClient tx, String userId, UserClock clock) {
    return tx.preparedQuery(advance)
        .execute(Tuple.of(userId, clock.version(), clock.hlc(), clock.historyCount()))
        .mapEmpty();
  }
}
