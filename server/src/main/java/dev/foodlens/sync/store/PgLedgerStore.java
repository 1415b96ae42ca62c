package dev.foodlens.sync.store;

import dev.foodlens.sync.ledger.Fingerprint;
import dev.foodlens.sync.ledger.LedgerEntry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The dedupe ledger's rows (contract §3). Thread-safe; holds no connection. */
public final class PgLedgerStore {
  private final String claim = Sql.load("ledger/claim_key");
  private final String select = Sql.load("ledger/select_entry");
  private final String record = Sql.load("ledger/record_outcome");
  private final String recordMany = Sql.load("ledger/record_outcomes");
  private final String claimMany = Sql.load("ledger/claim_keys");
  private final String selectMany = Sql.load("ledger/select_entries");
  private final String purge = Sql.load("ledger/purge_expired");
  private final Duration retention;
  private final Clock clock;

  /** A ledger on the system clock. */
  public PgLedgerStore(Duration retention) {
    this(retention, Clock.systemUTC());
  }

  /**
   * {@code clock} stamps claims and their expiry: the statements take the time as a parameter,
   * never now(), so that they stay valid on Citus (see {@code ledger/claim_key}).
   */
  public PgLedgerStore(Duration retention, Clock clock) {
    this.retention = retention;
    this.clock = clock;
  }

  /** The time a claim made now is stamped with. */
  OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  /**
   * Claims (user, key) inside the caller's transaction. Empty when the claim is ours; otherwise
   * the committed entry that holds the key (waited for if its transaction was still open).
   */
  public Future<Optional<LedgerEntry>> claim(SqlClient tx, String userId, UUID key,
      Fingerprint fingerprint) {
    OffsetDateTime now = now();
    Tuple args = Tuple.of(userId, key, Buffer.buffer(fingerprint.bytes()), now,
        now.plus(retention));
    return tx.preparedQuery(claim).execute(args).compose(rows -> rows.size() > 0
        ? Future.succeededFuture(Optional.empty())
        : held(tx, userId, key).map(Optional::of));
  }

  /** The committed entry that holds (user, key), read after a claim of it found one. */
  Future<LedgerEntry> held(SqlClient tx, String userId, UUID key) {
    return tx.preparedQuery(select).execute(Tuple.of(userId, key))
        .map(found -> entry(found.iterator().next()));
  }

  /** How long an entry holds its key; a claim past it takes the key over. */
  Duration retention() {
    return retention;
  }

  public Future<Void> record(SqlClient tx, String userId, UUID key, int status, byte[] body) {
    return tx.preparedQuery(record)
        .execute(Tuple.of(userId, key, status, Buffer.buffer(body)))
        .mapEmpty();
  }

  /**
   * Claims every key of {@code fingerprints} in one statement, in key order, and reads the
   * committed entries of the others in a second one, pipelined behind it. Answers the entries
   * found; every key without one is claimed by this transaction.
   */
  public Future<Map<UUID, LedgerEntry>> claimAll(SqlClient tx, String userId,
      Map<UUID, Fingerprint> fingerprints) {
    UUID[] keys = new UUID[fingerprints.size()];
    Buffer[] hashes = new Buffer[keys.length];
    int i = 0;
    for (Map.Entry<UUID, Fingerprint> claim : fingerprints.entrySet()) {
      keys[i] = claim.getKey();
      hashes[i++] = Buffer.buffer(claim.getValue().bytes());
    }
    OffsetDateTime now = now();
    Future<?> claimed = tx.preparedQuery(claimMany)
        .execute(Tuple.of(userId).addArrayOfUUID(keys).addArrayOfBuffer(hashes)
            .addOffsetDateTime(now).addOffsetDateTime(now.plus(retention)));
    Future<Map<UUID, LedgerEntry>> found = tx.preparedQuery(selectMany)
        .execute(Tuple.of(userId).addArrayOfUUID(keys)).map(rows -> {
          Map<UUID, LedgerEntry> entries = new HashMap<>();
          rows.forEach(row -> entries.put(row.getUUID("key"), entry(row)));
          return entries;
        });
    return Future.all(claimed, found).map(v -> found.result());
  }

  /** Records many outcomes in one statement: (key, status, body) per claimed key. */
  public Future<Void> recordAll(SqlClient tx, String userId, List<Recorded> outcomes) {
    if (outcomes.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = outcomes.size();
    UUID[] keys = new UUID[n];
    Integer[] statuses = new Integer[n];
    Buffer[] bodies = new Buffer[n];
    for (int i = 0; i < n; i++) {
      Recorded o = outcomes.get(i);
      keys[i] = o.key();
      statuses[i] = o.status();
      bodies[i] = Buffer.buffer(o.body());
    }
    return tx.preparedQuery(recordMany).execute(Tuple.of(userId).addArrayOfUUID(keys)
        .addArrayOfInteger(statuses).addArrayOfBuffer(bodies)).mapEmpty();
  }

  /** One outcome to record for a claimed key. */
  public record Recorded(UUID key, int status, byte[] body) {}

  /** Deletes up to {@code batch} expired entries; answers how many went. */
  public Future<Integer> purgeExpired(SqlClient client, int batch) {
    return client.preparedQuery(purge).execute(Tuple.of(batch)).map(rows -> rows.rowCount());
  }

  private static LedgerEntry entry(Row row) {
    return new LedgerEntry(Fingerprint.ofBytes(row.getBuffer("fingerprint").getBytes()),
        row.getInteger("response_status"), row.getBuffer("response_body").getBytes());
  }
}
