package dev.foodlens.sync.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.model.AllergyIntent;
import dev.foodlens.sync.model.FieldRegisters;
import dev.foodlens.sync.model.HistoryCreate;
import dev.foodlens.sync.model.HistoryDecision;
import dev.foodlens.sync.model.MigrationChunk;
import dev.foodlens.sync.model.MigrationTally;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * First-login migration of legacy records (contract §6), one chunk per call, in the caller's
 * ledger transaction. Legacy data is older than anything the server holds, so: profile and
 * settings fields are set only when never written on the server; allergies are a union (an
 * allergen is added only when absent, never removed); history entries are created when their id
 * is unused. Every record applied goes through the same cores, rows and change feed as a REST
 * write. A record beyond the user's quotas (allergens, history entries) is skipped, so a legacy
 * store larger than the quotas still completes its migration; the summary counts it. Once a call
 * marked {@code complete} commits, later calls import nothing and answer the
 * stored totals.
 */
public final class PgMigrationStore {
  /** Where a user's migration stands, with the running totals of every call so far. */
  public record Status(String state, @Nullable String source, @Nullable Instant completedAt,
      MigrationTally totals) {
    public static final Status NONE = new Status("none", null, null, MigrationTally.empty());

    public boolean complete() {
      return state.equals("complete");
    }
  }

  /** A call's answer and the state it left (for the caches after the commit). */
  public record Migrated(Status status, Touched state) {}

  private final String select = Sql.load("users/select_migration");
  private final String update = Sql.load("users/update_migration");
  private final PgPushStore.Parts parts;

  public PgMigrationStore(PgPushStore.Parts parts) {
    this.parts = parts;
  }

  public Future<Status> status(SqlClient client, String userId) {
    return client.preparedQuery(select).execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? Status.NONE : status(rows.iterator().next()));
  }

  /** Locks the user, then merges {@code chunk}; {@code key} stamps what it writes. */
  public Future<Migrated> migrate(SqlClient tx, String userId, UUID key, MigrationChunk chunk,
      MergeMode mode, Instant now) {
    Future<PgUserStore.UserClock> locked = parts.users().lock(tx, userId);
    Future<Status> before = status(tx, userId);
    Touched state = new Touched();
    return Future.all(locked, before, load(tx, userId, chunk, state)).compose(v -> {
      if (before.result().complete()) {
        return Future.succeededFuture(new Migrated(before.result(), new Touched()));
      }
      UserTx user = parts.users().open(userId, locked.result(), parts.clock());
      return parts.worker().run(chunk.size(), () -> merge(user, state, chunk, key, mode))
          .compose(tally -> {
            Status after = new Status(chunk.complete() ? "complete" : "in-progress",
                chunk.source(), chunk.complete() ? now : null,
                before.result().totals().plus(tally));
            return Future.all(user.flush(tx, parts.feed(), parts.users()),
                save(tx, userId, after)).map(w -> new Migrated(after, state));
          });
    });
  }

  /** The state the chunk's records need, read behind the lock on the same connection. */
  private Future<?> load(SqlClient tx, String userId, MigrationChunk chunk, Touched state) {
    List<Future<?>> loads = new ArrayList<>();
    Map<String, Map<String, Object>> fields = Map.of("profile", chunk.profile(),
        "settings", chunk.settings());
    fields.forEach((entity, records) -> {
      if (!records.isEmpty()) {
        loads.add(parts.fields().load(tx, userId, entity).map(r -> state.fields.put(entity, r)));
      }
    });
    if (!chunk.allergies().isEmpty()) {
      loads.add(parts.allergies().load(tx, userId).map(a -> state.allergies = a));
    }
    loads.add(parts.history().slots(tx, userId,
        chunk.history().stream().map(HistoryCreate::id).toList()).map(s -> {
          state.slots.putAll(s);
          return s;
        }));
    return Future.all(loads);
  }

  private MigrationTally merge(UserTx user, Touched state, MigrationChunk chunk, UUID key,
      MergeMode mode) {
    MigrationTally tally = chunk.rejected();
    tally = fields(user, state, "profile", chunk.profile(), chunk.deviceId(), key, tally);
    tally = fields(user, state, "settings", chunk.settings(), chunk.deviceId(), key, tally);
    tally = allergies(user, state, chunk, key, mode, tally);
    PgHistoryStore.Writer writer = new PgHistoryStore.Writer(chunk.deviceId(), key);
    for (HistoryCreate create : chunk.history()) {
      try {
        HistoryDecision decision = parts.history().apply(user, state.slots, create.id(), writer,
            PgHistoryStore.creating(create));
        tally = decision instanceof HistoryDecision.Insert
            ? tally.imported("history", 1) : tally.skipped("history", 1);
      } catch (QuotaExceeded quota) {
        tally = tally.skipped("history", 1);
      }
    }
    return tally;
  }

  /** The server wins for every field it holds, even one it holds cleared. */
  private MigrationTally fields(UserTx user, Touched state, String entity,
      Map<String, Object> records, String deviceId, UUID key, MigrationTally tally) {
    FieldRegisters current = state.fields.get(entity);
    if (current == null) {
      return tally;
    }
    Map<String, Object> fresh = new LinkedHashMap<>(records);
    fresh.keySet().removeAll(current.fields().keySet());
    if (!fresh.isEmpty()) {
      state.fields.put(entity, parts.fields().apply(user, current,
          new PgFieldStore.Patch(entity, fresh, deviceId, key)));
    }
    return tally.imported(entity, fresh.size()).skipped(entity, records.size() - fresh.size());
  }

  /** Each add's tag is derived from the call's key, so a replayed chunk names the same tags. */
  private MigrationTally allergies(UserTx user, Touched state, MigrationChunk chunk, UUID key,
      MergeMode mode, MigrationTally tally) {
    for (AllergyIntent.Add add : chunk.allergies()) {
      if (Objects.requireNonNull(state.allergies).set().present(add.allergen()).isPresent()) {
        tally = tally.skipped("allergies", 1);
        continue;
      }
      UUID tag = UUID.nameUUIDFromBytes((key + "/" + add.allergen()).getBytes(UTF_8));
      try {
        PgAllergyStore.Written written = parts.allergies().apply(user, state.allergies,
            new PgAllergyStore.Write(add, chunk.deviceId(), tag, mode));
        state.allergies = written.allergies();
        tally = tally.imported("allergies", 1);
      } catch (QuotaExceeded quota) {
        tally = tally.skipped("allergies", 1);
      }
    }
    return tally;
  }

  private Future<?> save(SqlClient tx, String userId, Status status) {
    return tx.preparedQuery(update).execute(Tuple.of(userId, status.state(), status.source(),
        status.completedAt() == null ? null : status.completedAt().atOffset(ZoneOffset.UTC),
        summary(status.totals())));
  }

  private static JsonObject summary(MigrationTally totals) {
    return new JsonObject().put("imported", new JsonObject(new LinkedHashMap<>(totals.imported())))
        .put("skipped", new JsonObject(new LinkedHashMap<>(totals.skipped())))
        .put("invalid", new JsonObject(new LinkedHashMap<>(totals.invalid())));
  }

  private static Status status(Row row) {
    String json = row.getString("migration_summary");
    MigrationTally totals = json == null ? MigrationTally.empty() : tally(new JsonObject(json));
    return new Status(row.getString("migration_state"), row.getString("migration_source"),
        row.getOffsetDateTime("migration_completed_at") == null ? null
            : row.getOffsetDateTime("migration_completed_at").toInstant(), totals);
  }

  private static MigrationTally tally(JsonObject summary) {
    return new MigrationTally(counts(summary.getJsonObject("imported")),
        counts(summary.getJsonObject("skipped")), counts(summary.getJsonObject("invalid")));
  }

  private static Map<String, Integer> counts(JsonObject json) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    json.forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).intValue()));
    return counts;
  }
}
