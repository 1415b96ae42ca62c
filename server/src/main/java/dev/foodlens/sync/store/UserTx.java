package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.Hlc;
import dev.foodlens.sync.crdt.HybridClock;
import dev.foodlens.sync.crdt.Stamp;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * One user's write transaction in memory, from the moment the user's row is locked: the clock
 * and versions it hands out, and the rows its ops will write. The stores apply ops to in-memory
 * state and collect rows here; {@link #flush} then sends one multi-row statement per kind of row
 * ({@link RowKind}), pipelined on the transaction's connection, so a transaction costs the same
 * round trips and statements for one op or 500.
 *
 * <p>Not thread-safe: it lives inside one transaction on one event loop.
 */
final class UserTx {
  private final String userId;
  private final HybridClock clock;
  private final Map<RowKind, String> sql;
  private final long lockedVersion;
  private final Map<RowKind, List<Tuple>> rows = new EnumMap<>(RowKind.class);
  private final List<PgChangeFeed.Change> changes = new ArrayList<>();
  private long version;
  private long hlc;
  private int historyCount;

  UserTx(String userId, PgUserStore.UserClock locked, HybridClock clock,
      Map<RowKind, String> sql) {
    this.userId = userId;
    this.clock = clock;
    this.sql = sql;
    this.lockedVersion = locked.version();
    this.version = locked.version();
    this.hlc = locked.hlc();
    this.historyCount = locked.historyCount();
  }

  String userId() {
    return userId;
  }

  /** The next server-receive stamp: strictly after every earlier one of this user. */
  Stamp stamp(String deviceId, UUID opId) {
    hlc = Hlc.next(hlc, clock.nowMicros());
    return new Stamp(hlc, deviceId, opId);
  }

  /** The user's version after everything applied so far. */
  long version() {
    return version;
  }

  /** Records that changes took the versions up to {@code last}. */
  void advanceTo(long last) {
    if (last < version) {
      throw new IllegalArgumentException("versions never go back: " + last + " < " + version);
    }
    version = last;
  }

  /** The user's live history entries after everything applied so far. */
  int historyCount() {
    return historyCount;
  }

  /**
   * Records that an op created (+1) or deleted (-1) a live entry; it also took a version, so
   * {@link #flush} writes the count.
   */
  void countHistory(int delta) {
    historyCount += delta;
  }

  void row(RowKind kind, Tuple row) {
    rows.computeIfAbsent(kind, k -> new ArrayList<>()).add(row);
  }

  /** Sends only the last row given for {@code kind}: a state that supersedes the earlier ones. */
  void latest(RowKind kind, Tuple row) {
    rows.put(kind, new ArrayList<>(List.of(row)));
  }

  void change(long at, String entity, String key, JsonObject state) {
    changes.add(new PgChangeFeed.Change(at, entity, key, state));
  }

  /** How many statements {@link #flush} sends (for the round-trip accounting in the docs). */
  int statements() {
    return rows.size() + (changes.isEmpty() ? 0 : 1) + (version > lockedVersion ? 1 : 0);
  }

  /**
   * Sends every collected row, the feed and the user's new version and clock, all pipelined;
   * nothing is sent when nothing changed. Encoding rows onto the wire happens on the event loop,
   * so a large write (a migrate chunk of 8 MiB) is cut into slices of at most {@link #TURN_BYTES}
   * and each turn of the loop sends only that much: other connections are served in between, and
   * no slice waits for an answer, so the round trips stay those of one pipelined flush.
   */
  Future<Void> flush(SqlClient tx, PgChangeFeed feed, PgUserStore users) {
    if (version == lockedVersion) {
      return Future.succeededFuture();
    }
    List<Slice> slices = new ArrayList<>();
    rows.forEach((kind, batch) -> slice(batch, part ->
        tx.preparedQuery(sql.get(kind)).execute(kind.arguments(userId, part)), slices));
    slice(changes, part -> feed.append(tx, userId, part), UserTx::bytes, slices);
    List<Future<?>> sent = new ArrayList<>();
    Promise<Void> submitted = Promise.promise();
    submit(slices, 0, sent, submitted);
    return submitted.future().compose(v -> {
      sent.add(users.advance(tx, userId, new PgUserStore.UserClock(version, hlc, historyCount)));
      return Future.all(sent).mapEmpty();
    });
  }

  /** Most bytes of row values one turn of the event loop encodes. */
  static final long TURN_BYTES = 256 * 1024;

  /** One statement over consecutive rows of one kind, and roughly what it costs to encode. */
  private record Slice(Supplier<Future<?>> send, long bytes) {}

  private static void slice(List<Tuple> batch, Function<List<Tuple>, Future<?>> send,
      List<Slice> out) {
    slice(batch, send, UserTx::bytes, out);
  }

  /**
   * Cuts {@code batch} into runs of at most {@link #TURN_BYTES} (a row never splits), each sent
   * as one set-based statement. Runs keep the rows' order, so a row a push touches twice ends
   * with the value the ops leave, as in one statement.
   */
  private static <T> void slice(List<T> batch, Function<List<T>, Future<?>> send,
      ToLongFunction<T> size, List<Slice> out) {
    int start = 0;
    long bytes = 0;
    for (int i = 0; i < batch.size(); i++) {
      long row = size.applyAsLong(batch.get(i));
      if (i > start && bytes + row > TURN_BYTES) {
        List<T> part = batch.subList(start, i);
        out.add(new Slice(() -> send.apply(part), bytes));
        start = i;
        bytes = 0;
      }
      bytes += row;
    }
    if (start < batch.size()) {
      List<T> part = batch.subList(start, batch.size());
      out.add(new Slice(() -> send.apply(part), bytes));
    }
  }

  /** What a row costs to encode, roughly: its text and bytes, 16 for anything else. */
  private static long bytes(Tuple row) {
    long bytes = 0;
    for (int i = 0; i < row.size(); i++) {
      Object value = row.getValue(i);
      bytes += value instanceof String text ? text.length()
          : value instanceof Buffer buffer ? buffer.length()
          : value instanceof byte[] array ? array.length : 16;
    }
    return bytes;
  }

  private static long bytes(PgChangeFeed.Change change) {
    return change.stateJson().length() + change.key().length() + 32;
  }

  /** Sends slices from {@code from} until a turn's budget is out; the rest in the next turn. */
  private static void submit(List<Slice> slices, int from, List<Future<?>> sent,
      Promise<Void> done) {
    long bytes = 0;
    int i = from;
    while (i < slices.size() && (i == from || bytes + slices.get(i).bytes() <= TURN_BYTES)) {
      Slice slice = slices.get(i++);
      sent.add(slice.send().get());
      bytes += slice.bytes();
    }
    if (i == slices.size()) {
      done.complete();
      return;
    }
    int next = i;
    Context context = Vertx.currentContext();
    if (context == null) {
      submit(slices, next, sent, done);
    } else {
      context.runOnContext(v -> submit(slices, next, sent, done));
    }
  }
}
