package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.Conflict;
import dev.foodlens.sync.crdt.OrSet;
import dev.foodlens.sync.crdt.Outcome;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * Collects the rows of one applied allergy op into the user's transaction: the op, its
 * projections and its change-feed entries. They are sent with the transaction's other rows, one
 * batch per statement, so a write costs a bounded number of round trips whatever it changed.
 *
 * <p>Versions: the op's own version carries the {@code allergy} entry of its allergen; each
 * conflict it opened or changed takes the next version, in the set's conflict order.
 */
final class AllergyWriter {
  private AllergyWriter() {}

  static void collect(UserTx user, Outcome.Applied applied, OrSet after,
      List<Conflict> changed, long lastVersion) {
    String userId = user.userId();
    AllergyOp op = applied.op();
    user.row(RowKind.ALLERGY_OP, AllergyRows.op(userId, op, lastVersion));
    if (op instanceof AllergyOp.Add add) {
      user.row(RowKind.ALLERGY_TAG, AllergyRows.tag(userId, add));
    }
    applied.effects().tombstoned()
        .forEach(t -> user.row(RowKind.ALLERGY_TOMBSTONE, AllergyRows.tombstone(userId, t)));
    applied.effects().autoDecided().forEach(d ->
        user.row(RowKind.ALLERGY_AUTO_DECISION, AllergyRows.autoDecision(userId, d)));
    String allergen = allergenOf(op, after);
    user.change(op.version(), "allergy", allergen,
        AllergyJson.feedState(allergen, after.present(allergen)));
    for (int i = 0; i < changed.size(); i++) {
      Conflict conflict = changed.get(i);
      long version = op.version() + 1 + i;
      user.row(RowKind.ALLERGY_CONFLICT, AllergyRows.conflict(userId, conflict, version));
      user.change(version, "conflict", conflict.id().toString(),
          new JsonObject().put("conflict", AllergyJson.conflict(conflict)));
    }
  }

  static String allergenOf(AllergyOp op, OrSet after) {
    if (op instanceof AllergyOp.Add add) {
      return add.allergen();
    }
    if (op instanceof AllergyOp.Remove remove) {
      return remove.allergen();
    }
    UUID conflictId = ((AllergyOp.Resolve) op).conflictId();
    return after.conflict(conflictId).orElseThrow().allergen();
  }
}
