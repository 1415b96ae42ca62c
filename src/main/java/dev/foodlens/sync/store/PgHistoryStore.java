package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.Hlc;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.sync.HistoryCreate;
import dev.foodlens.sync.sync.HistoryCursor;
import dev.foodlens.sync.sync.HistoryDecision;
import dev.foodlens.sync.sync.HistoryEntry;
import dev.foodlens.sync.sync.HistoryPatch;
import dev.foodlens.sync.sync.HistoryQuery;
import dev.foodlens.sync.sync.HistorySlot;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Scan history ({@code history}): entries the client names by id, note and verdict as
 * last-writer-wins registers, tombstones on delete.
 *
 * <p>A write locks the user's row first (as every write of a user does), reads the entry's slot,
 * lets {@link HistoryDecision} decide, and writes what changed: the row, one change-feed entry
 * and the user's new version and clock, pipelined on the transaction's connection.
 */
public final class PgHistoryStore {
  /** Who writes: the stamp's device id and op id (the Idempotency-Key). */
  public record Writer(String deviceId, UUID opId) {}

  /** One page of the list, where the next one starts, and the resource's version (its ETag). */
  public record Page(List<HistoryEntry> items, Optional<HistoryCursor> next, long version) {}

  private final String select = Sql.load("history/select_entry");
  private final String insert = Sql.load("history/insert_entry");
  private final String update = Sql.load("history/update_registers");
  private final String tombstone = Sql.load("history/tombstone_entry");
  private final String firstPage = Sql.load("history/select_first_page");
  private final String pageAfter = Sql.load("history/select_page_after");
  private final String version = Sql.load("history/select_version");
  private final PgUserStore users;
  private final PgChangeFeed feed;
  private final HybridClock clock;

  public PgHistoryStore(PgUserStore users, PgChangeFeed feed, HybridClock clock) {
    this.users = users;
    this.feed = feed;
    this.clock = clock;
  }

  public Future<HistoryDecision> create(SqlClient tx, String userId, HistoryCreate create,
      Writer writer) {
    return write(tx, userId, create.id(), writer,
        (slot, stamp) -> HistoryDecision.create(slot, create, stamp));
  }

  public Future<HistoryDecision> patch(SqlClient tx, String userId, UUID id, HistoryPatch patch,
      Writer writer) {
    return write(tx, userId, id, writer,
        (slot, stamp) -> HistoryDecision.patch(slot, patch, stamp));
  }

  public Future<HistoryDecision> delete(SqlClient tx, String userId, UUID id, Writer writer) {
    return write(tx, userId, id, writer, (slot, stamp) -> HistoryDecision.delete(slot));
  }

  /**
   * The version is read first: the page then shows that state or a newer one, so a client can
   * get a needless 200 for its ETag but never a 304 for data it does not hold.
   */
  public Future<Page> page(SqlClient client, String userId, HistoryQuery query) {
    Tuple args = query.cursor().map(c -> Tuple.of(userId, HistoryRows.time(c.scannedAt()), c.id(),
        query.limit() + 1)).orElse(Tuple.of(userId, query.limit() + 1));
    String sql = query.cursor().isPresent() ? pageAfter : firstPage;
    return client.preparedQuery(version).execute(Tuple.of(userId))
        .map(rows -> rows.iterator().next().getLong("version"))
        .compose(at -> client.preparedQuery(sql).execute(args)
            .map(rows -> page(HistoryRows.entries(rows), query.limit(), at)));
  }

  /** One row past the limit tells whether another page exists. */
  private static Page page(List<HistoryEntry> rows, int limit, long version) {
    if (rows.size() <= limit) {
      return new Page(rows, Optional.empty(), version);
    }
    List<HistoryEntry> items = rows.subList(0, limit);
    return new Page(items, Optional.of(HistoryCursor.after(items.get(limit - 1))), version);
  }

  /** A row write and the entry's new feed state. */
  private record Effect(String sql, Tuple args, UUID id, JsonObject state) {}

  private Future<HistoryDecision> write(SqlClient tx, String userId, UUID id, Writer writer,
      BiFunction<HistorySlot, Stamp, HistoryDecision> rule) {
    return users.lock(tx, userId).compose(user -> tx.preparedQuery(select)
        .execute(Tuple.of(userId, id)).compose(rows -> {
          long ts = Hlc.next(user.hlc(), clock.nowMicros());
          HistoryDecision decision = rule.apply(HistoryRows.slot(rows, id),
              new Stamp(ts, writer.deviceId(), writer.opId()));
          long next = user.version() + 1;
          Optional<Effect> effect = effect(userId, decision, next);
          if (effect.isEmpty()) {
            return Future.succeededFuture(decision);
          }
          Effect e = effect.get();
          PgChangeFeed.Change change =
              new PgChangeFeed.Change(next, "history", e.id().toString(), e.state());
          return Future.all(tx.preparedQuery(e.sql()).execute(e.args()),
                  feed.append(tx, userId, List.of(change)),
                  users.advance(tx, userId, new PgUserStore.UserClock(next, ts)))
              .map(v -> decision);
        }));
  }

  /** What a decision that changes something writes, at version {@code next}; empty otherwise. */
  private Optional<Effect> effect(String userId, HistoryDecision decision, long next) {
    if (decision instanceof HistoryDecision.Insert insertion) {
      HistoryEntry entry = insertion.entry();
      return Optional.of(new Effect(insert,
          HistoryRows.insert(userId, entry, insertion.contentHash(), next), entry.id(),
          HistoryJson.feedState(entry)));
    }
    if (decision instanceof HistoryDecision.Update updated) {
      HistoryEntry entry = updated.entry();
      return Optional.of(new Effect(update, HistoryRows.update(userId, entry, next), entry.id(),
          HistoryJson.feedState(entry)));
    }
    if (decision instanceof HistoryDecision.Remove removed) {
      return Optional.of(new Effect(tombstone, Tuple.of(userId, removed.id(), next),
          removed.id(), HistoryJson.removed(removed.id())));
    }
    return Optional.empty();
  }
}
