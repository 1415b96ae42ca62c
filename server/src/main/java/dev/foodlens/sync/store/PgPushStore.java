package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.crdt.Outcome;
import dev.foodlens.sync.ledger.Fingerprint;
import dev.foodlens.sync.ledger.LedgerDecision;
import dev.foodlens.sync.ledger.LedgerEntry;
import dev.foodlens.sync.model.AllergyIntent;
import dev.foodlens.sync.model.FieldRegisters;
import dev.foodlens.sync.model.HistoryDecision;
import dev.foodlens.sync.model.OpIntent;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies a push (contract §5) in one transaction with a bounded number of round trips, however
 * many ops it holds (design §7):
 *
 * <ol>
 *   <li>one pipelined prelude: claim every op id (one statement, in key order), read the entries
 *       of the ids already completed, lock the user, load the state the ops touch;
 *   <li>apply the ops in order, in memory, through the same cores as the REST routes
 *       ({@link PgFieldStore#apply}, {@link PgAllergyStore#apply}, {@link PgHistoryStore#apply});
 *   <li>one pipelined flush: one multi-row statement per kind of row written ({@link RowKind}),
 *       the feed, the ledger outcomes, the user.
 * </ol>
 *
 * <p>Lock order is the REST path's (ledger keys, then the user's row), so a push and a REST
 * write of the same user cannot deadlock; two pushes claim their keys in the same order.
 */
public final class PgPushStore {
  /** One op ready to apply: its id, its fingerprint and what it asks for. */
  public record Planned(UUID opId, Fingerprint fingerprint, OpIntent intent) {}

  /** What a fresh op did, for the caller to render as its result. */
  public sealed interface Effect {
    record Fields(FieldRegisters registers) implements Effect {}

    record AllergyWritten(AllergyIntent intent, PgAllergyStore.Written written)
        implements Effect {}

    record History(HistoryDecision decision) implements Effect {}

    /** The op was not applied: {@link OpIntent.Invalid} or {@link OpIntent.Missing}. */
    record Refused(OpIntent intent) implements Effect {}

    /** The op was not applied: it would have taken the user past a quota. */
    record OverQuota(QuotaExceeded quota) implements Effect {}
  }

  /** Renders a fresh op's result inside the transaction; the outcome is what the ledger keeps. */
  @FunctionalInterface
  public interface Results {
    StoredAnswer render(Planned op, Effect effect, long versionAfter);
  }

  /** The answers in op order, the user's version after the batch and the state it left. */
  public record Pushed(List<WriteResult> answers, long version, Touched state) {}

  /** The stores and seams a push runs with; {@code worker} takes merges too big for a loop. */
  public record Parts(UserScope scope, PgLedgerStore ledger, PgUserStore users, PgChangeFeed feed,
      PgFieldStore fields, PgAllergyStore allergies, PgHistoryStore history, HybridClock clock,
      WriteHooks hooks, Worker worker) {}

  private record Prelude(Map<UUID, LedgerEntry> found, UserTx user) {}

  private final Parts parts;

  public PgPushStore(Parts parts) {
    this.parts = parts;
  }

  public Future<Pushed> push(String userId, String deviceId, MergeMode mode, List<Planned> ops,
      Results results) {
    Map<UUID, Fingerprint> keys = new LinkedHashMap<>();
    ops.forEach(op -> keys.putIfAbsent(op.opId(), op.fingerprint()));
    Touched state = new Touched();
    return parts.scope().write(userId, tx -> prelude(tx, userId, ops, keys, state)
        .compose(p -> parts.hooks().afterClaim(userId).map(p))
        .compose(p -> {
          List<PgLedgerStore.Recorded> recorded = new ArrayList<>();
          OpContext context = new OpContext(deviceId, mode, state, results);
          return parts.worker().run(ops.size(), () -> apply(p, context, ops, recorded))
              .compose(answers -> Future.all(p.user().flush(tx, parts.feed(), parts.users()),
                      parts.ledger().recordAll(tx, userId, recorded))
                  .compose(v -> parts.hooks().beforeCommit(userId))
                  .map(v -> new Pushed(answers, p.user().version(), state)));
        }));
  }

  /** Every statement is sent at once; Postgres runs them in order, so loads see the lock. */
  private Future<Prelude> prelude(SqlClient tx, String userId, List<Planned> ops,
      Map<UUID, Fingerprint> keys, Touched state) {
    Touched.Needs needs = Touched.Needs.of(ops.stream().map(Planned::intent).toList());
    Future<Map<UUID, LedgerEntry>> found = parts.ledger().claimAll(tx, userId, keys);
    Future<PgUserStore.UserClock> locked = parts.users().lock(tx, userId);
    List<Future<?>> loads = new ArrayList<>(List.of(found, locked));
    for (String entity : needs.fieldEntities()) {
      loads.add(parts.fields().load(tx, userId, entity).map(r -> state.fields.put(entity, r)));
    }
    if (needs.allergies()) {
      loads.add(parts.allergies().load(tx, userId).map(a -> state.allergies = a));
    }
    loads.add(parts.history().slots(tx, userId, needs.historyIds()).map(s -> {
      state.slots.putAll(s);
      return s;
    }));
    return Future.all(loads).map(v -> new Prelude(found.result(),
        parts.users().open(userId, locked.result(), parts.clock())));
  }

  /** Who sends the ops, under which gate, into which state, rendered how. */
  private record OpContext(String deviceId, MergeMode mode, Touched state, Results results) {}

  /** An op id seen before (in the ledger or earlier in this batch) is answered, not applied. */
  private List<WriteResult> apply(Prelude p, OpContext c, List<Planned> ops,
      List<PgLedgerStore.Recorded> recorded) {
    Map<UUID, LedgerEntry> known = new HashMap<>(p.found());
    List<WriteResult> answers = new ArrayList<>(ops.size());
    for (Planned op : ops) {
      LedgerEntry entry = known.get(op.opId());
      if (entry != null) {
        answers.add(replay(entry, op));
        continue;
      }
      StoredAnswer out = c.results().render(op, effect(p.user(), c, op), p.user().version());
      known.put(op.opId(), new LedgerEntry(op.fingerprint(), out.status(), out.body()));
      recorded.add(new PgLedgerStore.Recorded(op.opId(), out.status(), out.body()));
      answers.add(new WriteResult.Executed(out.status(), out.body()));
    }
    return answers;
  }

  private static WriteResult replay(LedgerEntry entry, Planned op) {
    LedgerDecision decision = LedgerDecision.decide(Optional.of(entry), op.fingerprint());
    return decision instanceof LedgerDecision.Replay
        ? new WriteResult.Replayed(entry.status(), entry.body()) : new WriteResult.Reused();
  }

  /**
   * An op over a quota is rejected on its own, like an invalid one, and its result is kept
   * like any other op's: a push answers each op once, and a retry answers it as a duplicate.
   */
  private Effect effect(UserTx user, OpContext c, Planned op) {
    try {
      return applied(user, c, op);
    } catch (QuotaExceeded quota) {
      return new Effect.OverQuota(quota);
    }
  }

  private Effect applied(UserTx user, OpContext c, Planned op) {
    OpIntent intent = op.intent();
    PgHistoryStore.Writer writer = new PgHistoryStore.Writer(c.deviceId(), op.opId());
    if (intent instanceof OpIntent.FieldPatch patch) {
      FieldRegisters after = parts.fields().apply(user, c.state().loadedFields(patch.entity()),
          new PgFieldStore.Patch(patch.entity(), patch.fields(), c.deviceId(), op.opId()));
      c.state().fields.put(patch.entity(), after);
      return new Effect.Fields(after);
    }
    if (intent instanceof OpIntent.AllergyChange allergy) {
      return allergy(user, c, op, allergy.intent());
    }
    if (intent instanceof OpIntent.HistoryAdd add) {
      return new Effect.History(parts.history().apply(user, c.state().slots, add.create().id(),
          writer, PgHistoryStore.creating(add.create())));
    }
    if (intent instanceof OpIntent.HistoryEdit edit) {
      return new Effect.History(parts.history().apply(user, c.state().slots, edit.id(), writer,
          PgHistoryStore.patching(edit.patch())));
    }
    if (intent instanceof OpIntent.HistoryDelete delete) {
      return new Effect.History(parts.history().apply(user, c.state().slots, delete.id(),
          writer, PgHistoryStore.deleting()));
    }
    return new Effect.Refused(intent);
  }

  private Effect allergy(UserTx user, OpContext c, Planned op, AllergyIntent intent) {
    PgAllergyStore.Written written = parts.allergies().apply(user, c.state().loadedAllergies(),
        new PgAllergyStore.Write(intent, c.deviceId(), op.opId(), c.mode()));
    c.state().allergies = written.allergies();
    if (written.outcome() instanceof Outcome.Applied applied) {
      c.state().autoDecided.addAll(applied.effects().autoDecided());
    }
    return new Effect.AllergyWritten(intent, written);
  }
}
