package dev.foodlens.sync.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host every new connection goes to: with {@code target_session_attrs=read-write}, the primary
 * of the list (a host that is not in recovery and not read-only by default, as libpq's
 * {@code read-write} asks), found by probing the hosts in
 * order, the last known primary first; otherwise the first host that answers. The pool asks for
 * each connection it opens ({@code connectingTo(Supplier)}), so after a failover the connections
 * it opens again follow the new primary, and nothing else in the gateway changes. vertx-pg-client's
 * own {@code connectingTo(List)} is round-robin and would send writes to a standby (design §8).
 *
 * <p>A probe answer is trusted for {@code ttl}: a pool opening many connections at once probes
 * once, and concurrent asks share the probe in flight. With one host and no primary needed there
 * is nothing to find and nothing is probed.
 */
public final class PrimaryLocator implements Supplier<Future<SqlConnectOptions>> {
  private static final Logger LOG = LoggerFactory.getLogger(PrimaryLocator.class);

  private final PgTarget target;
  private final List<PgConnectOptions> hosts;
  private final Vertx vertx;
  private final Duration timeout;
  private final Duration ttl;
  private final Object lock = new Object();
  private @Nullable Future<SqlConnectOptions> probing;
  private int known;
  /** When {@code known} was last confirmed ({@link System#nanoTime()}); none yet: never. */
  private boolean confirmed;
  private long knownAt;

  /** {@code tune} adds what every pooled connection needs (pipelining, statement cache). */
  public PrimaryLocator(Vertx vertx, PgTarget target, UnaryOperator<PgConnectOptions> tune,
      Duration connectTimeout, Duration ttl) {
    this.target = target;
    this.hosts = target.candidates().stream().map(tune).toList();
    this.vertx = vertx;
    this.timeout = connectTimeout;
    this.ttl = ttl;
  }

  /** Whether there is anything to locate: a list of hosts, or one that must be the primary. */
  public boolean probes() {
    return hosts.size() > 1 || target.needsPrimary();
  }

  @Override
  public Future<SqlConnectOptions> get() {
    if (!probes()) {
      return Future.succeededFuture(hosts.get(0));
    }
    synchronized (lock) {
      if (probing != null) {
        return probing;
      }
      if (confirmed && System.nanoTime() - knownAt < ttl.toNanos()) {
        return Future.succeededFuture(hosts.get(known));
      }
      Future<SqlConnectOptions> probe = probe(known, 0);
      probing = probe;
      probe.onComplete(done -> {
        synchronized (lock) {
          probing = null;
        }
      });
      return probe;
    }
  }

  /** Tries host {@code (start + tried) % n}, then the next; fails when none will do. */
  private Future<SqlConnectOptions> probe(int start, int tried) {
    if (tried == hosts.size()) {
      return Future.failedFuture(new java.net.ConnectException("no "
          + (target.needsPrimary() ? "primary" : "reachable host") + " among "
          + target.hosts()));
    }
    int index = (start + tried) % hosts.size();
    return standby(index)
        .transform(answer -> {
          if (answer.succeeded() && !(target.needsPrimary() && answer.result())) {
            return Future.succeededFuture(found(index));
          }
          return probe(start, tried + 1);
        });
  }

  /**
   * Whether host {@code index} is a standby, on a connection of its own that is closed after; a
   * host that does not answer within the connect timeout (a postmaster killed under its
   * backends, a partition) counts as unusable, so one dead host never holds the search up.
   */
  private Future<Boolean> standby(int index) {
    // libpq's read-write: not in recovery, and not read-only by default (a fenced new primary)
    return PgConnection.connect(vertx, hosts.get(index)).compose(connection ->
            connection.query("SELECT pg_is_in_recovery()"
                    + " OR current_setting('transaction_read_only')::bool AS standby").execute()
                .map(rows -> rows.iterator().next().getBoolean("standby"))
                .eventually(connection::close))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private SqlConnectOptions found(int index) {
    synchronized (lock) {
      if (index != known) {
        LOG.info("Postgres {} is now {}", target.hosts().get(index),
            target.needsPrimary() ? "the primary" : "the host in use");
      }
      known = index;
      knownAt = System.nanoTime();
      confirmed = true;
    }
    return hosts.get(index);
  }

  /** The options of the host in use now: the last one found, or the first of the list. */
  public PgConnectOptions current() {
    synchronized (lock) {
      return hosts.get(known);
    }
  }

  /** Nothing to release: every probe closes its own connection. */
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
