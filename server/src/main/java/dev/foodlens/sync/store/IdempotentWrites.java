package dev.foodlens.sync.store;

import dev.foodlens.sync.ledger.Fingerprint;
import dev.foodlens.sync.ledger.LedgerDecision;
import dev.foodlens.sync.ledger.LedgerEntry;
import dev.foodlens.sync.model.FieldRegisters;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs a write exactly once per (user, key): the ledger claim, the effect and the stored outcome
 * commit in one transaction (contract §3), so a crash leaves both or neither.
 *
 * <p>Concurrent requests with one key serialize on the ledger's primary key: the second waits
 * for the first to commit and then replays it, or runs itself if the first rolled back.
 */
public final class IdempotentWrites {
  private final UserScope scope;
  private final PgLedgerStore ledger;
  private final LedgerFront front;
  private final WriteHooks hooks;
  private final ReplayTally replays;

  public IdempotentWrites(UserScope scope, PgLedgerStore ledger, LedgerFront front,
      WriteHooks hooks, ReplayTally replays) {
    this.scope = scope;
    this.ledger = ledger;
    this.front = front;
    this.hooks = hooks;
    this.replays = replays;
  }

  public Future<WriteResult> execute(String userId, UUID key, Fingerprint fingerprint,
      Function<SqlConnection, Future<StoredAnswer>> effect) {
    Optional<LedgerEntry> known = front.find(userId, key);
    if (known.isPresent()) {
      return Future.succeededFuture(answer(userId, key, LedgerDecision.decide(known, fingerprint)));
    }
    return scope.<Decided>writeInTwo(userId, tx -> ledger.claim(tx, userId, key, fingerprint)
        .compose(existing -> existing.isPresent()
            ? Future.succeededFuture(Future.succeededFuture(new Decided(existing, null)))
            : hooks.afterClaim(userId)
                .compose(v -> effect.apply(tx))
                .map(outcome -> record(tx, userId, key, outcome))))
        .map(decided -> complete(userId, key, fingerprint, decided));
  }

  /**
   * A profile or settings PATCH as two statements in the first round trip and the stored
   * answer with COMMIT in the second ({@code docs/architecture.md}, "the write path"): the
   * claim, the user's clock and versions, the register merge and the feed happen in SQL;
   * {@code answer} renders the registers after the merge, and exactly those bytes are both
   * recorded and sent. A key known to {@link LedgerFront} costs no round trip.
   */
  public Future<WriteResult> patch(String userId, UUID key, Fingerprint fingerprint,
      PgFieldStore fields, PgFieldStore.Patch patch,
      Function<FieldRegisters, StoredAnswer> answer) {
    Optional<LedgerEntry> known = front.find(userId, key);
    if (known.isPresent()) {
      return Future.succeededFuture(answer(userId, key, LedgerDecision.decide(known, fingerprint)));
    }
    return scope.<Decided>writeInTwo(userId, tx -> {
      Future<Boolean> claimed =
          fields.claimAndAdvance(tx, userId, key, fingerprint, ledger, patch);
      Future<PgFieldStore.Merged> merged = fields.mergePatch(tx, userId, key, patch);
      return claimed.compose(mine -> mine
          ? hooks.afterClaim(userId).compose(v -> merged).map(m -> {
            if (!m.complete()) {
              throw new IllegalStateException("a patched field did not merge");
            }
            return record(tx, userId, key, answer.apply(m.registers()));
          })
          : merged.map(ignored -> ledger.held(tx, userId, key)
              .map(entry -> new Decided(Optional.of(entry), null))));
    }).map(decided -> complete(userId, key, fingerprint, decided));
  }

  /** What the transaction found or did; {@code outcome} is set only when the effect ran. */
  private record Decided(Optional<LedgerEntry> existing, @Nullable StoredAnswer outcome) {}

  private Future<Decided> record(SqlConnection tx, String userId, UUID key, StoredAnswer outcome) {
    if (!LedgerEntry.isStorable(outcome.status())) {
      throw new IllegalStateException("a write may not store status " + outcome.status());
    }
    return ledger.record(tx, userId, key, outcome.status(), outcome.body())
        .map(v -> new Decided(Optional.empty(), outcome));
  }

  private WriteResult complete(String userId, UUID key, Fingerprint fingerprint, Decided d) {
    if (d.outcome() == null) {
      LedgerDecision decision = LedgerDecision.decide(d.existing(), fingerprint);
      if (decision instanceof LedgerDecision.Replay replay) {
        front.remember(userId, key, replay.entry());
      }
      return answer(userId, key, decision);
    }
    StoredAnswer outcome = d.outcome();
    front.remember(userId, key, new LedgerEntry(fingerprint, outcome.status(), outcome.body()));
    outcome.afterCommit().run();
    return new WriteResult.Executed(outcome.status(), outcome.body());
  }

  /** A push answered an op as a duplicate of its stored result: count it like a replay. */
  public void replayed(String userId, UUID key) {
    replays.record(userId, key);
  }

  private WriteResult answer(String userId, UUID key, LedgerDecision decision) {
    if (decision instanceof LedgerDecision.Replay r) {
      replays.record(userId, key);
      return new WriteResult.Replayed(r.entry().status(), r.entry().body());
    }
    if (decision instanceof LedgerDecision.Reused) {
      return new WriteResult.Reused();
    }
    throw new IllegalStateException("an entry that was found is never fresh");
  }
}
