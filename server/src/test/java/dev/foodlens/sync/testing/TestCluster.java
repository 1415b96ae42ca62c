package dev.foodlens.sync.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Postgres cluster of a test's own, on a free port, for tests that stop, restart or reconfigure
 * the server: the machine's cluster on 5432 is shared and never touched. Created with Debian's
 * {@code pg_createcluster} (trust auth on loopback), dropped with its data by {@link #close}
 * (and by a shutdown hook when the JVM exits before that).
 */
public final class TestCluster implements AutoCloseable {
  private static final String VERSION = pgVersion();

  private final String name;
  private final int port;
  private final Thread dropOnExit;

  private TestCluster(String name, int port) {
    this.name = name;
    this.port = port;
    this.dropOnExit = new Thread(this::drop, "drop-cluster-" + name);
  }

  /** Creates and starts a cluster named after {@code owner}; fails when it cannot. */
  public static TestCluster create(Class<?> owner) {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String name = ("t_" + owner.getSimpleName() + "_" + suffix).toLowerCase(Locale.ROOT);
    TestCluster cluster = new TestCluster(name, freePort());
    Runtime.getRuntime().addShutdownHook(cluster.dropOnExit);
    run("pg_createcluster", VERSION, name, "-p", Integer.toString(cluster.port), "--",
        "--auth-host=trust", "--auth-local=trust");
    cluster.start();
    return cluster;
  }

  /**
   * A streaming standby of {@code primary} (pg_basebackup, {@code -R}), started, on a free port;
   * the primary then waits for it on every commit ({@code synchronous_standby_names = '*'}), so
   * a write acknowledged by the primary is on the standby too.
   */
  public static TestCluster standbyOf(TestCluster primary, Class<?> owner) {
    String name = ("t_" + owner.getSimpleName() + "_s_" + UUID.randomUUID().toString()
        .substring(0, 6)).toLowerCase(Locale.ROOT);
    TestCluster standby = new TestCluster(name, freePort());
    Runtime.getRuntime().addShutdownHook(standby.dropOnExit);
    run("pg_createcluster", VERSION, name, "-p", Integer.toString(standby.port), "--",
        "--auth-host=trust", "--auth-local=trust");
    Path data = Path.of("/var/lib/postgresql", VERSION, name);
    run("sh", "-c", "rm -rf '" + data + "'/*");
    run("runuser", "-u", "postgres", "--", "pg_basebackup", "-h", "127.0.0.1", "-p",
        Integer.toString(primary.port), "-U", "postgres", "-D", data.toString(), "-R", "-X",
        "stream");
    standby.start();
    primary.sql("ALTER SYSTEM SET synchronous_standby_names = '*'");
    primary.sql("SELECT pg_reload_conf()");
    return standby;
  }

  /** Runs one statement on the cluster's {@code postgres} database as the superuser. */
  public void sql(String statement) {
    run("psql", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-d",
        "postgres", "-v", "ON_ERROR_STOP=1", "-Atc", statement);
  }

  /** {@code pg_ctlcluster promote}: a standby becomes a primary. */
  public void promote() {
    run("pg_ctlcluster", "--skip-systemctl-redirect", VERSION, name, "promote");
  }

  /** An immediate stop: the postmaster and its backends go at once, as in a crash. */
  public void crash() {
    run("pg_ctlcluster", "--skip-systemctl-redirect", VERSION, name, "stop", "-m", "immediate");
  }

  /** The server URI to hand to {@link TestDatabase#create(Class, String)}. */
  public String serverUri() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  public int port() {
    return port;
  }

  public String name() {
    return name;
  }

  public String version() {
    return VERSION;
  }

  /** Runs {@code statement} through psql with {@code conninfo}; answers psql's exit status. */
  public int psql(String statement, String conninfo) {
    try {
      Process p = new ProcessBuilder("psql", "-d", conninfo + " port=" + port
          + " user=postgres dbname=postgres", "-Atc", statement).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public void start() {
    run("pg_ctlcluster", "--skip-systemctl-redirect", VERSION, name, "start");
    awaitReady();
  }

  /** {@code pg_ctlcluster restart}: a fast shutdown, then start; returns when it accepts again. */
  public void restart() {
    run("pg_ctlcluster", "--skip-systemctl-redirect", VERSION, name, "restart");
    awaitReady();
  }

  public boolean ready() {
    try {
      Process p = new ProcessBuilder("pg_isready", "-h", "127.0.0.1", "-p", Integer.toString(port),
          "-q").start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void awaitReady() {
    for (int i = 0; i < 600; i++) {
      if (ready()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("cluster " + name + " did not accept connections in 30 s");
  }

  @Override
  public void close() {
    drop();
    try {
      Runtime.getRuntime().removeShutdownHook(dropOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing left to remove
    }
  }

  private void drop() {
    if (Files.isDirectory(Path.of("/etc/postgresql", VERSION, name))) {
      run("pg_dropcluster", "--stop", VERSION, name);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pgVersion() {
    String[] versions = new File("/etc/postgresql").list();
    if (versions == null || versions.length == 0) {
      throw new IllegalStateException("no Postgres installation under /etc/postgresql");
    }
    return versions[0];
  }

  private static void run(String... command) {
    List<String> cmd = new ArrayList<>(List.of(command));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", cmd), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
