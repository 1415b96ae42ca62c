package dev.foodlens.sync.store;

import dev.foodlens.sync.ops.Toggles;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator console's queries (issue 18): the rollout figures the migration report lacks,
 * one user's timeline, and the audited toggle changes. Each read is one statement answering
 * one JSON document, like the report and the inspector.
 */
public final class PgConsole {
  private final String rollout = Sql.load("console/select_rollout");
  private final String timeline = Sql.load("console/select_timeline");
  private final String changes = Sql.load("console/select_toggle_changes");
  private final String update = Sql.load("console/update_toggle_audited");
  private final PgToggleStore toggles;
  private final long retentionSeconds;

  /** {@code ledgerRetention}: how long the ledger keeps an entry (its expires_at is that later). */
  public PgConsole(PgToggleStore toggles, Duration ledgerRetention) {
    this.toggles = toggles;
    this.retentionSeconds = ledgerRetention.toSeconds();
  }

  /** Across users: run as the maintenance role. */
  public Future<String> rollout(SqlClient client) {
    return client.preparedQuery(rollout).execute(Tuple.of((double) retentionSeconds))
        .map(rows -> rows.iterator().next().getString(0));
  }

  /** The user's newest {@code limit} ops, or empty when they never wrote anything. */
  public Future<Optional<String>> timeline(SqlClient client, String userId, int limit) {
    return client.preparedQuery(timeline).execute(Tuple.of(userId, limit)).map(rows ->
        rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
  }

  /** Up to {@code limit} audited changes older than {@code beforeRevision}, newest first. */
  public Future<String> toggleChanges(SqlClient client, int limit, long beforeRevision) {
    return client.preparedQuery(changes).execute(Tuple.of(limit, beforeRevision))
        .map(rows -> rows.iterator().next().getString(0));
  }

  /**
   * Sets the toggles {@code changes} names, each with its audit row naming {@code actor}, in
   * the caller's transaction, and answers all toggles. Rows are locked in name order, so two
   * operators changing overlapping sets cannot deadlock.
   */
  public Future<Toggles> updateToggles(SqlClient tx, Map<String, Boolean> changes,
      String actor) {
    List<Tuple> rows = changes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .map(e -> Tuple.of(e.getKey(), e.getValue(), actor))
        .toList();
    Future<?> updated = rows.isEmpty()
        ? Future.succeededFuture() : tx.preparedQuery(update).executeBatch(rows);
    return updated.compose(v -> toggles.load(tx));
  }
}
