package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.Conflict;
import dev.foodlens.sync.crdt.OrSet;
import dev.foodlens.sync.crdt.Outcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Persists one applied allergy op in the caller's transaction: the op, its projections and its
 * change-feed entries. The statements are sent together (pipelined on the one connection), so a
 * write costs a bounded number of round trips whatever it changed.
 *
 * <p>Versions: the op's own version carries the {@code allergy} entry of its allergen; each
 * conflict it opened or changed takes the next version, in the set's conflict order.
 */
final class AllergyWriter {
  private final String insertOp = Sql.load("allergies/insert_op");
  private final String insertTag = Sql.load("allergies/insert_tag");
  private final String tombstone = Sql.load("allergies/tombstone_tag");
  private final String upsertConflict = Sql.load("allergies/upsert_conflict");
  private final PgChangeFeed feed;

  AllergyWriter(PgChangeFeed feed) {
    this.feed = feed;
  }

  Future<Void> write(SqlClient tx, String userId, Outcome.Applied applied, OrSet after,
      List<Conflict> changed, long lastVersion) {
    AllergyOp op = applied.op();
    List<Future<?>> sent = new ArrayList<>();
    sent.add(tx.preparedQuery(insertOp).execute(AllergyRows.op(userId, op, lastVersion)));
    if (op instanceof AllergyOp.Add add) {
      sent.add(tx.preparedQuery(insertTag).execute(AllergyRows.tag(userId, add)));
    }
    sent.add(batch(tx, tombstone, applied.effects().tombstoned().stream()
        .map(t -> AllergyRows.tombstone(userId, t)).toList()));
    List<Tuple> conflicts = new ArrayList<>();
    List<PgChangeFeed.Change> changes = new ArrayList<>();
    String allergen = allergenOf(op, after);
    changes.add(new PgChangeFeed.Change(op.version(), "allergy", allergen,
        AllergyJson.feedState(allergen, after.present(allergen))));
    for (int i = 0; i < changed.size(); i++) {
      Conflict conflict = changed.get(i);
      long version = op.version() + 1 + i;
      conflicts.add(AllergyRows.conflict(userId, conflict, version));
      changes.add(new PgChangeFeed.Change(version, "conflict", conflict.id().toString(),
          new JsonObject().put("conflict", AllergyJson.conflict(conflict))));
    }
    sent.add(batch(tx, upsertConflict, conflicts));
    sent.add(feed.append(tx, userId, changes));
    return Future.all(sent).mapEmpty();
  }

  private static String allergenOf(AllergyOp op, OrSet after) {
    if (op instanceof AllergyOp.Add add) {
      return add.allergen();
    }
    if (op instanceof AllergyOp.Remove remove) {
      return remove.allergen();
    }
    UUID conflictId = ((AllergyOp.Resolve) op).conflictId();
    return after.conflict(conflictId).orElseThrow().allergen();
  }

  private static Future<?> batch(SqlClient tx, String sql, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(sql).executeBatch(rows);
  }
}
