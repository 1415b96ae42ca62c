package dev.foodlens.sync.store;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Tells storage outages (retry later) from bugs (a 500 that someone must look at). */
public final class StoreFailures {
  private StoreFailures() {}

  /**
   * True for failures that say "the database cannot serve now": unreachable, restarting, failing
   * over or read-only, out of connections, pool wait queue full or timed out, any I/O failure on
   * the connection (a broken pipe arrives as a plain {@link IOException}), serialization failure
   * or deadlock. Contract §1 answers all of them {@code 503 unavailable}.
   */
  public static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DatabaseException db && db.getSqlState() != null) {
        return retryable(db.getSqlState());
      }
      // VertxException: the pool's "Timeout waiting for connection" and similar I/O faults.
      if (t instanceof ConnectionPoolTooBusyException || t instanceof ClosedConnectionException
          || t instanceof IOException || t instanceof TimeoutException
          || t instanceof VertxException) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when Postgres refused a value's text: U+0000 in {@code text} (22021) or in
   * {@code jsonb} (22P05). Input validation refuses both first; this is the backstop that keeps
   * a string it missed a client error instead of a 500.
   */
  public static boolean isUnstorableText(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DatabaseException db && db.getSqlState() != null) {
        return db.getSqlState().equals("22021") || db.getSqlState().equals("22P05");
      }
    }
    return false;
  }

  private static boolean retryable(String sqlState) {
    return sqlState.startsWith("08")        // connection exception
        || sqlState.startsWith("53")        // insufficient resources
        || sqlState.startsWith("57P")       // admin shutdown, crash shutdown, cannot connect now
        || sqlState.equals("25006")         // read-only transaction: a standby, or failing over
        || sqlState.equals("58030")         // I/O error on the server
        || sqlState.equals("40001")         // serialization failure
        || sqlState.equals("40P01");        // deadlock detected
  }
}
