package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.Conflict;
import dev.foodlens.sync.crdt.OrSet;
import dev.foodlens.sync.model.Allergies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The sync invariants, checked in the database after a chaos run or a restore: per user, the
 * feed is contiguous from the retention floor to {@code users.version}; every history row,
 * register, allergy op and conflict is reflected in the feed, at its own version, as its key's
 * latest change; no ledger claim is left open past the request timeout; and the allergy
 * projections (tags, conflicts, the feed's latest allergy and conflict states) equal what a replay
 * of the op log through the OR-Set produces, and the user's allergy snapshot equals the replay
 * of the log up to it (and, with the ops after it, the replay of the whole log). Reads only;
 * answers every violation it finds.
 */
public final class PgVerifier {
  /** One broken invariant of one user. */
  public record Violation(String userId, String invariant, String detail) {
    @Override
    public String toString() {
      return userId + "\t" + invariant + "\t" + detail;
    }
  }

  private final String contiguous = Sql.load("verify/feed_contiguous");
  private final String reflects = Sql.load("verify/feed_reflects");
  private final String openClaims = Sql.load("verify/open_claims");
  private final String allergyUsers = Sql.load("verify/allergy_users");
  private final String projections = Sql.load("verify/allergy_projections");
  private final String ops = Sql.load("allergies/select_ops");
  private final String snapshot = Sql.load("verify/allergy_snapshot");
  private final String userPage = Sql.load("verify/select_user_page");
  private final Worker worker;

  /** A checker that replays allergy logs inline: for the command line, off any event loop. */
  public PgVerifier() {
    this(Worker.INLINE);
  }

  /** {@code worker} replays the allergy logs too long to replay on the calling event loop. */
  public PgVerifier(Worker worker) {
    this.worker = worker;
  }

  /**
   * Up to {@code limit} user ids after {@code after} (from the first when null), in order, as
   * the whole-database check walks them one bounded page at a time.
   */
  public Future<List<String>> userPage(SqlClient client, @Nullable String after, int limit) {
    return client.preparedQuery(userPage).execute(Tuple.of(after, limit)).map(rows -> {
      List<String> ids = new ArrayList<>(rows.size());
      rows.forEach(row -> ids.add(row.getString("user_id")));
      return ids;
    });
  }

  /**
   * Checks one user ({@code userId}), or every user when it is null. {@code claimTimeout} is how
   * long a write may hold a claim: the gateway's request timeout.
   */
  public Future<List<Violation>> verify(SqlClient client, @Nullable String userId,
      Duration claimTimeout) {
    List<Violation> found = new ArrayList<>();
    return client.preparedQuery(contiguous).execute(Tuple.of(userId))
        .compose(rows -> {
          collect(rows, found);
          return client.preparedQuery(reflects).execute(Tuple.of(userId));
        })
        .compose(rows -> {
          collect(rows, found);
          return client.preparedQuery(openClaims)
              .execute(Tuple.of(userId, (double) claimTimeout.toMillis() / 1000));
        })
        .compose(rows -> {
          collect(rows, found);
          return client.preparedQuery(allergyUsers).execute(Tuple.of(userId));
        })
        .compose(users -> {
          Future<Void> chain = Future.succeededFuture();
          for (Row user : users) {
            String id = user.getString("user_id");
            chain = chain.compose(v -> replayAllergies(client, id, found));
          }
          return chain;
        })
        .map(v -> found);
  }

  private Future<Void> replayAllergies(SqlClient client, String userId, List<Violation> found) {
    // the snapshot first: a write committing meanwhile only lengthens the log read after it
    return client.preparedQuery(snapshot).execute(Tuple.of(userId)).compose(snapshots ->
        client.preparedQuery(ops).execute(Tuple.of(userId, 0L)).compose(opRows ->
            client.preparedQuery(projections).execute(Tuple.of(userId))
                .compose(facts -> worker.run(opRows.size(),
                    () -> check(userId, snapshots, opRows, facts)))
                .<Void>map(seen -> {
                  found.addAll(seen);
                  return null;
                })));
  }

  private static List<Violation> check(String userId, RowSet<Row> snapshots, RowSet<Row> opRows,
      RowSet<Row> facts) {
    List<Violation> found = new ArrayList<>();
    Allergies replayed = Allergies.EMPTY;
    List<AllergyOp> log = new ArrayList<>();
    List<Long> lastVersions = new ArrayList<>();
    for (Row row : opRows) {
      AllergyOp op = AllergyRows.op(row);
      log.add(op);
      lastVersions.add(row.getLong("last_version"));
      replayed = replayed.plus(op, row.getLong("last_version"));
    }
    for (Row row : snapshots) {
      checkSnapshot(userId, row, log, lastVersions, replayed, found);
    }
    Map<String, Map<String, JsonObject>> held = new HashMap<>();
    for (Row fact : facts) {
      held.computeIfAbsent(fact.getString("kind"), k -> new HashMap<>())
          .put(fact.getString("key"), new JsonObject(fact.getString("state")));
    }
    compare(userId, log, replayed.set(), held, found);
    return found;
  }

  /**
   * The snapshot {@code row} against the log it compacts: it must equal the replay of the ops
   * up to its version, and it plus the ops after it must equal the replay of the whole log.
   */
  static void checkSnapshot(String userId, Row row, List<AllergyOp> log, List<Long> lastVersions,
      Allergies replayed, List<Violation> found) {
    long version = row.getLong("version");
    Allergies prefix = Allergies.EMPTY;
    List<AllergyOp> tail = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).version() <= version) {
        prefix = prefix.plus(log.get(i), lastVersions.get(i));
      } else {
        tail.add(log.get(i));
      }
    }
    List<AllergyOp> held;
    try {
      held = AllergySnapshot.decode(row.getString("state"));
    } catch (RuntimeException e) {
      found.add(snapshot(userId, "the snapshot at version " + version + " does not decode: " + e));
      return;
    }
    if (prefix.version() != version || row.getInteger("ops") != held.size()
        || !prefix.set().equals(OrSet.restore(held))) {
      found.add(snapshot(userId, "the snapshot at version " + version + " holds " + held.size()
          + " ops (" + row.getInteger("ops") + " counted), the log's replay to it "
          + prefix.set().size() + " ops, ending at version " + prefix.version()));
      return;
    }
    List<AllergyOp> restored = new ArrayList<>(held);
    restored.addAll(tail);
    if (!OrSet.restore(restored).equals(replayed.set())) {
      found.add(snapshot(userId, "the snapshot at version " + version
          + " plus the ops after it differs from the replay of the whole log"));
    }
  }

  /** The projections {@code held} against the set {@code replayed} from {@code log}. */
  static void compare(String userId, List<AllergyOp> log, OrSet replayed,
      Map<String, Map<String, JsonObject>> held, List<Violation> found) {
    Map<String, JsonObject> tags = held.getOrDefault("tag", new HashMap<>());
    Map<String, JsonObject> conflictRows = held.getOrDefault("conflict-row", new HashMap<>());
    Map<String, JsonObject> feedAllergies = held.getOrDefault("feed-allergy", new HashMap<>());
    Map<String, JsonObject> feedConflicts = held.getOrDefault("feed-conflict", new HashMap<>());
    TreeSet<String> allergens = new TreeSet<>();
    for (AllergyOp op : log) {
      if (op instanceof AllergyOp.Add add) {
        allergens.add(add.allergen());
        JsonObject expected = new JsonObject().put("allergen", add.allergen())
            .put("severity", add.severity())
            .put("removed", replayed.tombstone(add.opId()).isPresent());
        expect(userId, "tag " + add.opId(), expected, tags.remove(add.opId().toString()), found);
      } else if (op instanceof AllergyOp.Remove remove) {
        allergens.add(remove.allergen());
      }
    }
    for (Conflict conflict : replayed.conflicts()) {
      allergens.add(conflict.allergen());
      String id = conflict.id().toString();
      JsonObject row = new JsonObject().put("state", AllergyJson.wire(conflict.state()))
          .put("decision", conflict.resolution() == null ? null
              : AllergyJson.wire(conflict.resolution().decision()));
      expect(userId, "conflict row " + id, row, conflictRows.remove(id), found);
      expect(userId, "conflict " + id + " in the feed",
          new JsonObject().put("conflict", AllergyJson.conflict(conflict)),
          feedConflicts.remove(id), found);
    }
    for (String allergen : allergens) {
      JsonObject expected = AllergyJson.feedState(allergen, replayed.present(allergen));
      JsonObject actual = feedAllergies.remove(allergen);
      // an absent allergen's last change is a tombstone, which the feed prunes after retention
      if (actual != null || expected.getBoolean("present")) {
        expect(userId, "allergen " + allergen + " in the feed", expected, actual, found);
      }
    }
    tags.keySet().forEach(tag -> found.add(replay(userId, "tag " + tag + " has no add op")));
    conflictRows.keySet().forEach(id ->
        found.add(replay(userId, "conflict row " + id + " is not in the replayed set")));
    feedConflicts.keySet().forEach(id ->
        found.add(replay(userId, "the feed has conflict " + id + ", the replayed set does not")));
    feedAllergies.keySet().forEach(allergen ->
        found.add(replay(userId, "the feed has allergen " + allergen + ", no op names it")));
  }

  private static void expect(String userId, String what, JsonObject expected,
      @Nullable JsonObject actual, List<Violation> found) {
    if (!Objects.equals(expected, actual)) {
      found.add(replay(userId, what + ": replay gives " + expected.encode() + ", stored "
          + (actual == null ? "nothing" : actual.encode())));
    }
  }

  private static Violation snapshot(String userId, String detail) {
    return new Violation(userId, "allergy-snapshot", detail);
  }

  private static Violation replay(String userId, String detail) {
    return new Violation(userId, "allergy-replay", detail);
  }

  private static void collect(RowSet<Row> rows, List<Violation> found) {
    for (Row row : rows) {
      found.add(new Violation(row.getString("user_id"), row.getString("invariant"),
          row.getString("detail")));
    }
  }
}
