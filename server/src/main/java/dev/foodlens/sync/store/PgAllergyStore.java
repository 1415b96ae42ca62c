package dev.foodlens.sync.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.Conflict;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.crdt.OrSet;
import dev.foodlens.sync.crdt.Outcome;
import dev.foodlens.sync.crdt.Stamp;
import dev.foodlens.sync.crdt.Transition;
import dev.foodlens.sync.model.Allergies;
import dev.foodlens.sync.model.AllergyIntent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Allergies as an op log ({@code allergy_ops}) that replays into the user's {@link OrSet}, with
 * {@code allergy_tags} and {@code allergy_conflicts} kept as projections of it.
 *
 * <p>Replaying a whole log on every request would cost more with every op, so each instance keeps
 * the sets it replayed (bounded, per user) and reads only the ops logged since; a set it does
 * not hold starts from the user's snapshot ({@link AllergySnapshot}), written in the
 * transaction of every op that makes one due, plus the short tail of ops logged after it.
 *
 * <p>A write locks the user's row first, so writes of one user apply one at a time across every
 * gateway instance, each to the set all earlier writes produced: no update is ever lost, and the
 * log's version order is the server-receive order the set was built in.
 */
public final class PgAllergyStore {
  /** A write to apply: the intent, who sent it under which op id, and the gate at receipt. */
  public record Write(AllergyIntent intent, String deviceId, UUID opId, MergeMode mode) {}

  /** The allergies after a write, and what the core decided about it. */
  public record Written(Allergies allergies, Outcome outcome) {}

  private final String select = Sql.load("allergies/select_state");
  private final Cache<String, Allergies> replayed;
  private final PgUserStore users;
  private final PgChangeFeed feed;
  private final HybridClock clock;
  private final Worker worker;
  private final int maxAllergens;
  private final int maxOpsPerAllergen;

  /**
   * {@code maxBytes} and {@code ttl} bound the replayed sets kept; {@code maxAllergens} is the
   * distinct allergen codes one user's set may hold ({@code quotas.allergensPerUser}), and
   * {@code maxOpsPerAllergen} the adds and removes one allergen may take
   * ({@code quotas.opsPerAllergen}).
   */
  public PgAllergyStore(PgUserStore users, PgChangeFeed feed, HybridClock clock, Worker worker,
      int maxAllergens, int maxOpsPerAllergen, long maxBytes, Duration ttl) {
    this.replayed = Caffeine.newBuilder().maximumWeight(maxBytes)
        .weigher((String userId, Allergies allergies) -> weight(allergies))
        .expireAfterAccess(ttl).executor(Runnable::run).build();
    this.users = users;
    this.feed = feed;
    this.clock = clock;
    this.worker = worker;
    this.maxAllergens = maxAllergens;
    this.maxOpsPerAllergen = maxOpsPerAllergen;
  }

  /**
   * The user's committed allergies: the newest set this instance has replayed, or the user's
   * snapshot when that is newer, plus the ops logged after it. Ops commit in version order (each
   * under the user's lock), so what any read sees of the log is a prefix, and a replayed set
   * stays valid for good.
   */
  public Future<Allergies> load(SqlClient client, String userId) {
    Allergies known = replayed.getIfPresent(userId);
    Allergies base = known == null ? Allergies.EMPTY : known;
    return client.preparedQuery(select).execute(Tuple.of(userId, base.version()))
        .compose(rows -> worker.run(units(rows), () -> after(base, rows)))
        .map(loaded -> {
          remember(userId, loaded);
          return loaded;
        });
  }

  /** The ops a load replays: the snapshot's and the tail's. */
  private static int units(RowSet<Row> rows) {
    int units = rows.size();
    for (Row row : rows) {
      Integer snapshotOps = row.getInteger("ops");
      units += snapshotOps == null ? 0 : snapshotOps;
    }
    return units;
  }

  /**
   * {@code base} plus the rows of {@code allergies/select_state}. A snapshot or a cold start is
   * rebuilt in one pass per allergen ({@link OrSet#restore}), and so is a set this instance
   * holds when the tail after it is longer than a snapshot's spacing; a short tail is applied
   * op by op.
   */
  static Allergies after(Allergies base, RowSet<Row> rows) {
    List<AllergyOp> log = new ArrayList<>(rows.size());
    long version = base.version();
    boolean rebuild = base.set().size() == 0;
    for (Row row : rows) {
      String snapshot = row.getString("state");
      if (snapshot != null) {
        log.addAll(AllergySnapshot.decode(snapshot));
        rebuild = true;
      } else {
        log.add(AllergyRows.op(row));
      }
      version = Math.max(version, row.getLong("last_version"));
    }
    if (log.isEmpty()) {
      return base;
    }
    if (!rebuild && log.size() > AllergySnapshot.every(base.set().size())) {
      log.addAll(0, base.set().ops());
      rebuild = true;
    }
    if (rebuild) {
      return new Allergies(OrSet.restore(log), version);
    }
    Allergies loaded = base;
    int i = 0;
    for (Row row : rows) {
      loaded = loaded.plus(log.get(i++), row.getLong("last_version"));
    }
    return loaded;
  }

  /**
   * A replayed set's heap bytes, roughly: each op it holds costs its record, stamp, ids and its
   * nodes in the set's trees and indexes: an estimate of about 600 bytes.
   */
  static int weight(Allergies allergies) {
    return (int) Math.min(Integer.MAX_VALUE, 256L + 600L * allergies.set().size());
  }

  /** Keeps a committed state for the next load; never call it before the write commits. */
  public void remember(String userId, Allergies allergies) {
    replayed.asMap().merge(userId, allergies,
        (mine, theirs) -> mine.version() >= theirs.version() ? mine : theirs);
  }

  /** Applies {@code write} in the caller's transaction; a duplicate op id changes nothing. */
  public Future<Written> apply(SqlClient tx, String userId, Write write) {
    return users.begin(tx, userId, clock).compose(user -> load(tx, userId).compose(before ->
        worker.run(snapshotWork(before), () -> apply(user, before, write))
            .compose(written -> user.flush(tx, feed, users).map(v -> written))));
  }

  /**
   * Applies {@code write} to {@code before} at the transaction's next stamp and version and
   * collects the op, its projections and its feed entries; answers the allergies after it. An
   * add or remove that would make the set hold one allergen code more than the user's quota,
   * or take one allergen past its quota of adds and removes, throws {@link QuotaExceeded} and
   * changes nothing: the set keeps state for every code and op it ever saw, and rederiving an
   * allergen costs the product of its adds and removes. A resolve is never refused.
   */
  Written apply(UserTx user, Allergies before, Write write) {
    checkQuota(before.set(), write);
    Stamp stamp = user.stamp(write.deviceId(), write.opId());
    AllergyOp op = write.intent().at(stamp, user.version() + 1, write.mode());
    Transition transition = before.set().apply(op);
    if (!(transition.outcome() instanceof Outcome.Applied applied)) {
      return new Written(before, transition.outcome());
    }
    List<Conflict> changed = changedConflicts(before.set(), transition.state(),
        AllergyWriter.allergenOf(op, transition.state()));
    long last = op.version() + changed.size();
    AllergyWriter.collect(user, applied, transition.state(), changed, last);
    user.advanceTo(last);
    Allergies after = new Allergies(transition.state(), last);
    if (AllergySnapshot.due(after.set().size())) {
      user.latest(RowKind.ALLERGY_SNAPSHOT, AllergySnapshot.row(user.userId(), after));
    }
    return new Written(after, applied);
  }

  /** What one more op on {@code before} costs in memory: the snapshot it may serialise. */
  private static int snapshotWork(Allergies before) {
    int ops = before.set().size() + 1;
    return AllergySnapshot.due(ops) ? ops : 1;
  }

  private void checkQuota(OrSet set, Write write) {
    @Nullable String allergen = write.intent() instanceof AllergyIntent.Add add ? add.allergen()
        : write.intent() instanceof AllergyIntent.Remove remove ? remove.allergen() : null;
    if (allergen == null || set.contains(write.opId())) {
      return;
    }
    int ops = set.opCount(allergen);
    if (ops == 0 && set.allergenCount() >= maxAllergens) {
      throw new QuotaExceeded("allergen", "this user's allergies already hold "
          + set.allergenCount() + " allergen codes, the most allowed (" + maxAllergens + ")");
    }
    if (ops >= maxOpsPerAllergen) {
      throw new QuotaExceeded("allergen", "'" + allergen + "' has been added and removed "
          + ops + " times, the most allowed (" + maxOpsPerAllergen + ")");
    }
  }

  /**
   * Conflicts that are new or whose state changed: each gets a change-feed entry. An op changes
   * only its own allergen, so only that allergen's conflicts are compared.
   */
  private static List<Conflict> changedConflicts(OrSet before, OrSet after, String allergen) {
    return after.conflicts(allergen).stream()
        .filter(c -> !before.conflict(c.id()).map(c::equals).orElse(false))
        .toList();
  }
}
