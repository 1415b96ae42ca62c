package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.Hlc;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.crdt.Stamp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One user's write transaction in memory, from the moment the user's row is locked: the clock
 * and versions it hands out, and the rows its ops will write. The stores apply ops to in-memory
 * state and collect rows here; {@link #flush} then sends one batch per statement, pipelined on
 * the transaction's connection, so a transaction costs the same round trips for one op or 500.
 *
 * <p>Not thread-safe: it lives inside one transaction on one event loop.
 */
final class UserTx {
  private final String userId;
  private final HybridClock clock;
  private final Map<RowKind, String> sql;
  private final long lockedVersion;
  private final Map<RowKind, List<Tuple>> rows = new EnumMap<>(RowKind.class);
  private final List<PgChangeFeed.Change> changes = new ArrayList<>();
  private long version;
  private long hlc;
  private int historyCount;

  UserTx(String userId, PgUserStore.UserClock locked, HybridClock clock,
      Map<RowKind, String> sql) {
    this.userId = userId;
    this.clock = clock;
    this.sql = sql;
    this.lockedVersion = locked.version();
    this.version = locked.version();
    this.hlc = locked.hlc();
    this.historyCount = locked.historyCount();
  }

  String userId() {
    return userId;
  }

  /** The next server-receive stamp: strictly after every earlier one of this user. */
  Stamp stamp(String deviceId, UUID opId) {
    hlc = Hlc.next(hlc, clock.nowMicros());
    return new Stamp(hlc, deviceId, opId);
  }

  /** The user's version after everything applied so far. */
  long version() {
    return version;
  }

  /** Records that changes took the versions up to {@code last}. */
  void advanceTo(long last) {
    if (last < version) {
      throw new IllegalArgumentException("versions never go back: " + last + " < " + version);
    }
    version = last;
  }

  /** The user's live history entries after everything applied so far. */
  int historyCount() {
    return historyCount;
  }

  /**
   * Records that an op created (+1) or deleted (-1) a live entry; it also took a version, so
   * {@link #flush} writes the count.
   */
  void countHistory(int delta) {
    historyCount += delta;
  }

  void row(RowKind kind, Tuple row) {
    rows.computeIfAbsent(kind, k -> new ArrayList<>()).add(row);
  }

  /** Sends only the last row given for {@code kind}: a state that supersedes the earlier ones. */
  void latest(RowKind kind, Tuple row) {
    rows.put(kind, new ArrayList<>(List.of(row)));
  }

  void change(long at, String entity, String key, JsonObject state) {
    changes.add(new PgChangeFeed.Change(at, entity, key, state));
  }

  /** How many statements {@link #flush} sends (for the round-trip accounting in the docs). */
  int statements() {
    return rows.size() + (changes.isEmpty() ? 0 : 1) + (version > lockedVersion ? 1 : 0);
  }

  /**
   * Sends every collected row, the feed and the user's new version and clock, all pipelined;
   * nothing is sent when nothing changed.
   */
  Future<Void> flush(SqlClient tx, PgChangeFeed feed, PgUserStore users) {
    if (version == lockedVersion) {
      return Future.succeededFuture();
    }
    List<Future<?>> sent = new ArrayList<>();
    rows.forEach((kind, batch) -> sent.add(tx.preparedQuery(sql.get(kind)).executeBatch(batch)));
    sent.add(feed.append(tx, userId, changes));
    sent.add(users.advance(tx, userId, new PgUserStore.UserClock(version, hlc, historyCount)));
    return Future.all(sent).mapEmpty();
  }
}
