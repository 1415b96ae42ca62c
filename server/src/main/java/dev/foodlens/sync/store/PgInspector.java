package dev.foodlens.sync.store;

import dev.foodlens.sync.model.PushBatch;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Reads one user's sync state for support staff: version and clock, conflicts, ledger outcomes,
 * the last rejected writes with their problems (the ledger keeps them for its retention: it is
 * the dead-letter list), and the queue health each device last reported.
 */
public final class PgInspector {
  private final String select = Sql.load("inspect/select_sync_state");
  private final String upsertDevice = Sql.load("inspect/upsert_device_stats");
  private final int maxDevices;
  private final Clock clock;

  /**
   * {@code maxDevices}: the devices whose stats are kept per user, the latest reporters;
   * {@code clock} stamps each report (a parameter, never now(), so the upsert stays valid on
   * Citus).
   */
  public PgInspector(int maxDevices, Clock clock) {
    this.maxDevices = maxDevices;
    this.clock = clock;
  }

  /** Keeps the queue health a device reported with a push, for the inspector. */
  public Future<Void> recordDevice(SqlClient client, String userId, String deviceId,
      PushBatch.ClientStats stats) {
    return client.preparedQuery(upsertDevice).execute(Tuple.of(userId, deviceId,
        (int) Math.min(Integer.MAX_VALUE, stats.queueDepth()), stats.oldestPendingSeconds(),
        (int) Math.min(Integer.MAX_VALUE, stats.failed()), maxDevices,
        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))).mapEmpty();
  }

  /** The state as a JSON document, or empty when the user never wrote anything. */
  public Future<Optional<String>> syncState(SqlClient client, String userId) {
    return client.preparedQuery(select).execute(Tuple.of(userId)).map(rows ->
        rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getString("state")));
  }
}
