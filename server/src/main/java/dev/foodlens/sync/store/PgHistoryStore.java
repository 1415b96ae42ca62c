package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.model.HistoryCreate;
import dev.foodlens.sync.model.HistoryCursor;
import dev.foodlens.sync.model.HistoryDecision;
import dev.foodlens.sync.model.HistoryEntry;
import dev.foodlens.sync.model.HistoryPatch;
import dev.foodlens.sync.model.HistoryQuery;
import dev.foodlens.sync.model.HistorySlot;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Scan history ({@code history}): entries the client names by id, note and verdict as
 * last-writer-wins registers, tombstones on delete.
 *
 * <p>A write locks the user's row first (as every write of a user does), reads the slots it
 * names, lets {@link HistoryDecision} decide in memory ({@link #apply}, shared by the REST routes
 * and the batched push), and writes what changed: the rows, one change-feed entry per change and
 * the user's new version and clock, pipelined on the transaction's connection.
 */
public final class PgHistoryStore {
  /** Who writes: the stamp's device id and op id (the Idempotency-Key). */
  public record Writer(String deviceId, UUID opId) {}

  /** One page of the list, where the next one starts, and the resource's version (its ETag). */
  public record Page(List<HistoryEntry> items, Optional<HistoryCursor> next, long version) {}

  private final String selectMany = Sql.load("history/select_entries");
  private final String firstPage = Sql.load("history/select_first_page");
  private final String pageAfter = Sql.load("history/select_page_after");
  private final String version = Sql.load("history/select_version");
  private final PgUserStore users;
  private final PgChangeFeed feed;
  private final HybridClock clock;
  private final int maxEntries;

  /** {@code maxEntries}: the live entries one user may hold ({@code quotas.historyPerUser}). */
  public PgHistoryStore(PgUserStore users, PgChangeFeed feed, HybridClock clock,
      int maxEntries) {
    this.users = users;
    this.feed = feed;
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  public Future<HistoryDecision> create(SqlClient tx, String userId, HistoryCreate create,
      Writer writer) {
    return write(tx, userId, create.id(), writer, creating(create));
  }

  public Future<HistoryDecision> patch(SqlClient tx, String userId, UUID id, HistoryPatch patch,
      Writer writer) {
    return write(tx, userId, id, writer, patching(patch));
  }

  public Future<HistoryDecision> delete(SqlClient tx, String userId, UUID id, Writer writer) {
    return write(tx, userId, id, writer, deleting());
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

  /** Reads the slots of {@code ids} (ids never used are absent from the map). */
  Future<Map<UUID, HistorySlot>> slots(SqlClient client, String userId, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(new HashMap<>());
    }
    return client.preparedQuery(selectMany)
        .execute(Tuple.of(userId).addArrayOfUUID(ids.toArray(UUID[]::new)))
        .map(HistoryRows::slots);
  }

  private Future<HistoryDecision> write(SqlClient tx, String userId, UUID id, Writer writer,
      BiFunction<HistorySlot, Stamp, HistoryDecision> rule) {
    return users.begin(tx, userId, clock).compose(user -> slots(tx, userId, List.of(id))
        .compose(slots -> {
          HistoryDecision decision = apply(user, slots, id, writer, rule);
          return user.flush(tx, feed, users).map(v -> decision);
        }));
  }

  /**
   * Decides one write against {@code slots} (updated in place with its effect), at the
   * transaction's next stamp and version, and collects its row and feed entry. A create beyond
   * the user's quota of live entries throws {@link QuotaExceeded} and changes nothing.
   */
  HistoryDecision apply(UserTx user, Map<UUID, HistorySlot> slots, UUID id, Writer writer,
      BiFunction<HistorySlot, Stamp, HistoryDecision> rule) {
    HistorySlot slot = slots.getOrDefault(id, new HistorySlot.Empty(id));
    HistoryDecision decision = rule.apply(slot, user.stamp(writer.deviceId(), writer.opId()));
    long next = user.version() + 1;
    String userId = user.userId();
    if (decision instanceof HistoryDecision.Insert insertion) {
      if (user.historyCount() >= maxEntries) {
        throw new QuotaExceeded("id", "this user already holds " + user.historyCount()
            + " history entries, the most allowed (" + maxEntries + "); delete some first");
      }
      user.countHistory(1);
      HistoryEntry entry = insertion.entry();
      user.row(RowKind.HISTORY_INSERT,
          HistoryRows.insert(userId, entry, insertion.contentHash(), next));
      slots.put(id, new HistorySlot.Live(entry, insertion.contentHash()));
      user.change(next, "history", id.toString(), HistoryJson.feedState(entry));
    } else if (decision instanceof HistoryDecision.Update updated) {
      user.row(RowKind.HISTORY_UPDATE, HistoryRows.update(userId, updated.entry(), next));
      slots.put(id, new HistorySlot.Live(updated.entry(), ((HistorySlot.Live) slot).contentHash()));
      user.change(next, "history", id.toString(), HistoryJson.feedState(updated.entry()));
    } else if (decision instanceof HistoryDecision.Remove) {
      user.countHistory(-1);
      user.row(RowKind.HISTORY_TOMBSTONE, Tuple.of(userId, id, next));
      slots.put(id, new HistorySlot.Tombstone(id));
      user.change(next, "history", id.toString(), HistoryJson.removed(id));
    } else {
      return decision;
    }
    user.advanceTo(next);
    return decision;
  }

  /** The rule of a create, a patch or a delete, for {@link #apply}. */
  static BiFunction<HistorySlot, Stamp, HistoryDecision> creating(HistoryCreate create) {
    return (slot, stamp) -> HistoryDecision.create(slot, create, stamp);
  }

  static BiFunction<HistorySlot, Stamp, HistoryDecision> patching(HistoryPatch patch) {
    return (slot, stamp) -> HistoryDecision.patch(slot, patch, stamp);
  }

  static BiFunction<HistorySlot, Stamp, HistoryDecision> deleting() {
    return (slot, stamp) -> HistoryDecision.delete(slot);
  }
}
