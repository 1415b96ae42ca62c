package dev.foodlens.sync.testing;

import dev.foodlens.sync.store.Migrator;
import dev.foodlens.sync.store.PgTarget;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own for one test class on the machine's real Postgres
 * ({@code FOODLENS_TEST_PG_URI} overrides the server). Created and migrated by {@link #create},
 * dropped by {@link #drop}. It never skips: without Postgres the test fails.
 */
public final class TestDatabase implements AutoCloseable {
  private static final String SERVER = System.getenv().getOrDefault("FOODLENS_TEST_PG_URI",
      "postgresql://postgres@127.0.0.1:5432/postgres");
  /**
   * {@code host:port,host:port}: the Citus workers behind {@code FOODLENS_TEST_PG_URI}, its
   * coordinator ({@code bench/citus/run}). Each test database is then created on every node
   * with the citus extension and the workers added, before the gateway's migrations run.
   */
  private static final String CITUS_WORKERS =
      System.getenv().getOrDefault("FOODLENS_TEST_CITUS_WORKERS", "");

  private final String server;
  private final String name;

  private TestDatabase(String server, String name) {
    this.server = server;
    this.name = name;
  }

  public static TestDatabase create(Class<?> owner) {
    return create(owner, SERVER);
  }

  /** A database on another server, e.g. a {@link TestCluster}'s {@code serverUri()}. */
  public static TestDatabase create(Class<?> owner, String serverUri) {
    String name = ("t_" + owner.getSimpleName() + "_"
        + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    TestDatabase db = new TestDatabase(serverUri, name);
    try {
      if (!CITUS_WORKERS.isEmpty() && serverUri.equals(SERVER)) {
        db.createOnCitus();
      }
      Migrator.migrate(db.target());
    } catch (Exception e) {
      throw new IllegalStateException("cannot create test database " + name
          + " on " + serverUri + ": is Postgres running?", e);
    }
    return db;
  }

  /** The database {@code name} on {@code serverUri}, as it is (a standby's copy, say). */
  public static TestDatabase attach(String serverUri, String name) {
    return new TestDatabase(serverUri, name);
  }

  public String uri() {
    PgConnectOptions server = PgConnectOptions.fromUri(this.server);
    String auth = server.getPassword() == null ? server.getUser()
        : server.getUser() + ":" + server.getPassword();
    return "postgresql://" + auth + "@" + server.getHost() + ":" + server.getPort() + "/" + name;
  }

  /** A fault proxy in front of this database's server, for outage and cut tests. */
  public FaultProxy proxy() {
    return FaultProxy.start(connectOptions().getHost(), connectOptions().getPort());
  }

  /** This database's URI through {@code proxy} instead of straight to the server. */
  public String uriVia(FaultProxy proxy) {
    return uri().replace(":" + connectOptions().getPort() + "/", ":" + proxy.port() + "/");
  }

  /** The database as the gateway's migrator and command line take it. */
  public PgTarget target() {
    return PgTarget.parse(uri());
  }

  public PgConnectOptions connectOptions() {
    return PgConnectOptions.fromUri(uri());
  }

  /** Runs SQL over JDBC and answers the first column of the first row (null when none). */
  public Object queryOne(String sql) {
    try (Connection c = jdbc(); Statement s = c.createStatement()) {
      if (!s.execute(sql)) {
        return null;
      }
      try (ResultSet rs = s.getResultSet()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public long count(String sql) {
    return ((Number) queryOne(sql)).longValue();
  }

  public Connection jdbc() throws Exception {
    PgConnectOptions o = connectOptions();
    return DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":" + o.getPort()
        + "/" + name, o.getUser(), o.getPassword());
  }

  private void createOnCitus() throws Exception {
    PgConnectOptions coordinator = connectOptions();
    for (String worker : CITUS_WORKERS.split(",")) {
      String[] hostPort = worker.trim().split(":");
      run(hostPort[0], Integer.parseInt(hostPort[1]), "postgres", "CREATE DATABASE " + name);
      run(hostPort[0], Integer.parseInt(hostPort[1]), name, "CREATE EXTENSION citus");
    }
    run(coordinator.getHost(), coordinator.getPort(), "postgres", "CREATE DATABASE " + name);
    run(coordinator.getHost(), coordinator.getPort(), name, "CREATE EXTENSION citus");
    run(coordinator.getHost(), coordinator.getPort(), name, "SELECT citus_set_coordinator_host('"
        + coordinator.getHost() + "', " + coordinator.getPort() + ")");
    for (String worker : CITUS_WORKERS.split(",")) {
      String[] hostPort = worker.trim().split(":");
      run(coordinator.getHost(), coordinator.getPort(), name, "SELECT citus_add_node('"
          + hostPort[0] + "', " + hostPort[1] + ")");
    }
  }

  private void run(String host, int port, String database, String sql) throws Exception {
    PgConnectOptions o = connectOptions();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port
        + "/" + database, o.getUser(), o.getPassword()); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() {
    PgConnectOptions o = connectOptions();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":"
        + o.getPort() + "/postgres", o.getUser(), o.getPassword());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (Exception e) {
      throw new IllegalStateException("cannot drop " + name, e);
    }
    // after the coordinator's, whose sessions held connections to the workers' copies
    if (!CITUS_WORKERS.isEmpty() && server.equals(SERVER)) {
      dropOnCitusWorkers();
    }
  }

  private void dropOnCitusWorkers() {
    for (String worker : CITUS_WORKERS.split(",")) {
      String[] hostPort = worker.trim().split(":");
      try {
        run(hostPort[0], Integer.parseInt(hostPort[1]), "postgres",
            "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (Exception e) {
        throw new IllegalStateException("cannot drop " + name + " on " + worker, e);
      }
    }
  }
}
