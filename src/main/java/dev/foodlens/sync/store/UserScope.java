package dev.foodlens.sync.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Who a unit of work acts for, as row-level security sees it (issue 12, migration V33). The
 * pool logs in as the app role, whose policies show a table's rows only when their
 * {@code user_id} equals the transaction's {@code foodlens.user_id}; so every per-user
 * statement runs in a transaction that set it, and a statement that forgot its
 * {@code WHERE user_id} finds nothing of anyone else's.
 *
 * <p>The setting costs no round trip: it is sent pipelined, right behind {@code BEGIN} and
 * ahead of the work's first statement, which is sent before either answers. Work across users
 * ({@link #maintenance}) switches to the maintenance role for its transaction only.
 *
 * <p>Which pool: each HTTP event loop has its own ({@link #bindLoop}), whose connections live
 * on that loop, so a request's statements are written and their answers read on the thread
 * that serves it, without a hop to another loop and back. Work on any other context (the
 * sweepers, the toggles refresher, the management listener) uses the process-wide pool.
 *
 * <p>Disabled ({@code pg.rowSecurity: false}, for measuring what it costs): the pool serves as
 * the configured admin and every method runs the work as before, without a transaction.
 */
public final class UserScope {
  private static final String ENTER = "SELECT set_config('foodlens.user_id', $1, true)";
  /** The key of a loop's own pool in its context's data (shared with its duplicates). */
  private static final Object LOOP_POOL = new Object();

  private final Pool pool;
  private final boolean enabled;
  private final String maintenanceRole;

  public UserScope(Pool pool, boolean enabled, String maintenanceRole) {
    this.pool = pool;
    this.enabled = enabled;
    this.maintenanceRole = maintenanceRole;
  }

  /**
   * Makes {@code own} the pool of work started on {@code context} (an HTTP verticle's, at its
   * start): {@code own} must have been built on that context, so its connections live there.
   */
  public static void bindLoop(Context context, Pool own) {
    context.put(LOOP_POOL, own);
  }

  /** The pool of the calling event loop, or the process-wide one. */
  private Pool pool() {
    Context context = Vertx.currentContext();
    @Nullable Pool own = context == null ? null : context.get(LOOP_POOL);
    return own == null ? pool : own;
  }

  /**
   * Sets the user of the transaction {@code tx} without waiting: call it before the work's
   * first statement and compose on the answer, so both travel in one round trip.
   */
  public Future<Void> enter(SqlClient tx, String userId) {
    return enabled ? tx.preparedQuery(ENTER).execute(Tuple.of(userId)).mapEmpty()
        : Future.succeededFuture();
  }

  /** {@code work} in a transaction of {@code userId}, committed before the answer. */
  public <T> Future<T> write(String userId, Function<SqlConnection, Future<T>> work) {
    return pool().withTransaction(tx -> {
      Future<Void> entered = enter(tx, userId);
      Future<T> done = work.apply(tx);
      return entered.compose(v -> done);
    });
  }

  /**
   * {@code work} in a transaction of {@code userId} that costs two round trips: BEGIN, the
   * setting and the work's first statements leave together, and COMMIT leaves right behind the
   * work's last statement, without waiting for its answer. {@code work} completes its outer
   * future once it has sent that last statement (the decision to commit is then made; a
   * failure of the statement itself makes Postgres roll the COMMIT back), with the statement's
   * answer inside. Any failure answers failed and leaves nothing behind.
   */
  public <T> Future<T> writeInTwo(String userId,
      Function<SqlConnection, Future<Future<T>>> work) {
    return pool().getConnection().compose(conn -> {
      Future<?> begun = conn.query("BEGIN").execute();
      Future<Void> entered = enter(conn, userId);
      Future<T> done = applied(work, conn).compose(last -> {
        Future<?> committed = conn.query("COMMIT").execute();
        return begun.compose(v -> entered).compose(v -> last)
            .compose(answer -> committed.map(answer));
      });
      done.onComplete(ended -> {
        if (ended.succeeded()) {
          conn.close();
        } else {
          conn.query("ROLLBACK").execute().onComplete(rolledBack -> conn.close());
        }
      });
      return done;
    });
  }

  /**
   * Reads of {@code userId}: BEGIN, the setting and the first statement leave together, and
   * the answer does not wait for the COMMIT, which only ends a read-only transaction before
   * the connection goes back to the pool.
   */
  public <T> Future<T> read(String userId, Function<SqlClient, Future<T>> work) {
    if (!enabled) {
      return work.apply(pool());
    }
    return pool().getConnection().compose(conn -> {
      Future<?> begun = conn.query("BEGIN").execute();
      Future<Void> entered = enter(conn, userId);
      Future<T> done = applied(work, conn);
      Future<T> answer = begun.compose(v -> entered).compose(v -> done);
      answer.onComplete(ignored -> conn.query("COMMIT").execute()
          .onComplete(end -> conn.close()));
      return answer;
    });
  }

  private static <C extends SqlClient, T> Future<T> applied(Function<C, Future<T>> work,
      C conn) {
    try {
      return work.apply(conn);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Work across users (purges, pruning, counts, reports) as the maintenance role, which may
   * read every row and clean up, but not write users' data; for this transaction only.
   */
  public <T> Future<T> maintenance(Function<SqlClient, Future<T>> work) {
    if (!enabled) {
      return work.apply(pool());
    }
    return pool().withTransaction(tx -> {
      Future<?> switched = tx.query("SET LOCAL ROLE " + maintenanceRole).execute();
      Future<T> done = work.apply(tx);
      return switched.compose(v -> done);
    });
  }
}
