package dev.foodlens.sync.store;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts replays per ledger entry for the inspector. A replay answered from the ledger front must
 * cost no Postgres round trip, so counts gather in memory and go out in one statement every
 * {@code interval}. Telemetry only: counts of the last interval are lost if the process dies.
 */
public final class ReplayTally extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayTally.class);

  private record Key(String userId, UUID key) {}

  private final String add = Sql.load("ledger/add_replays");
  private final ConcurrentHashMap<Key, Integer> pending = new ConcurrentHashMap<>();
  private final UserScope scope;
  private final Duration interval;

  public ReplayTally(UserScope scope, Duration interval) {
    this.scope = scope;
    this.interval = interval;
  }

  public void record(String userId, UUID key) {
    pending.merge(new Key(userId, key), 1, Integer::sum);
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(interval.toMillis(), id -> flush());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return flush();
  }

  private Future<Void> flush() {
    List<String> users = new ArrayList<>();
    List<UUID> keys = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (Key key : List.copyOf(pending.keySet())) {
      Integer n = pending.remove(key);
      if (n != null) {
        users.add(key.userId());
        keys.add(key.key());
        counts.add(n);
      }
    }
    if (users.isEmpty()) {
      return Future.succeededFuture();
    }
    // Counts of many users in one statement: maintenance work, across users.
    return scope.maintenance(c -> c.preparedQuery(add).execute(Tuple.of(
            users.toArray(new String[0]), keys.toArray(new UUID[0]),
            counts.toArray(new Integer[0]))))
        .onFailure(e -> LOG.warn("replay counts not kept: {}", e.toString()))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }
}
