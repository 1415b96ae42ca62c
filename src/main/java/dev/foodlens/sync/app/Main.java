package dev.foodlens.sync.app;

import ch.qos.logback.classic.LoggerContext;
import dev.foodlens.sync.store.Migrator;
import dev.foodlens.sync.store.PgReport;
import dev.foodlens.sync.store.PgTarget;
import dev.foodlens.sync.store.PgVerifier;
import dev.foodlens.sync.store.PrimaryLocator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.SqlClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar foodlens-sync.jar serve [--conf FILE]},
 * {@code token --sub ID [--admin] [--ttl 1h] [--conf FILE]} (contract §8) and
 * {@code report [--conf FILE]} (the migration status report), {@code verify [--user ID] [--conf
 * FILE]} (the sync invariants in the database) and {@code demo [--conf FILE]}
 * (two simulated devices, offline and back, ending in a convergence check).
 *
 * <p>Start-up order: config → keys and schemas from disk → database created and migrated →
 * Vert.x → sweeper and HTTP verticles. Any failure before listening prints one line and exits 1.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    Args parsed = new Args(List.of(args));
    try {
      switch (parsed.command()) {
        case "serve" -> serve(parsed);
        case "token" -> System.out.println(token(parsed));
        case "report" -> System.out.println(report(parsed));
        case "verify" -> System.exit(verify(parsed) ? 0 : 1);
        case "demo" -> System.exit(Demo.run(load(parsed)) ? 0 : 1);
        default -> throw new IllegalArgumentException("usage: serve [--conf FILE] | token --sub ID"
            + " [--admin] [--ttl 1h] [--conf FILE] | report [--conf FILE]"
            + " | verify [--user ID] [--conf FILE] | demo [--conf FILE]");
      }
    } catch (Exception e) {
      System.err.println("foodlens-sync: " + oneLine(e));
      System.exit(1);
    }
  }

  private static void serve(Args args) throws Exception {
    Gateway.Setup setup = Gateway.Setup.prepare(load(args));
    AppConfig config = setup.config();
    PgTarget admin = Gateway.adminTarget(config.pg());
    admin.checkFiles();
    LOG.info("migrating {}", admin.redacted());
    try {
      LOG.info("schema at version {}", Migrator.migrate(admin, config.pg().roles()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot reach or migrate Postgres: " + oneLine(e), e);
    }
    if (!config.pg().rowSecurity()) {
      LOG.warn("pg.rowSecurity is off: the pool serves as the admin, which bypasses row-level "
          + "security; for measurements only, never in production");
    }
    Vertx vertx = Gateway.vertx(setup);
    Gateway gateway = Gateway.deploy(vertx, setup, Gateway.Seams.system())
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    LOG.info("listening on http://{}:{} (management on http://{}:{}; {} transport)",
        config.http().host(), config.http().port(), config.management().host(),
        config.management().port(), vertx.isNativeTransportEnabled() ? "epoll" : "NIO");
    Duration drain = config.http().drainDelay();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, gateway, drain),
        "shutdown"));
  }

  /**
   * On SIGTERM or SIGINT: answer {@code /readyz} 503 for {@code drain} while still serving (the
   * load balancer stops sending new requests), then stop accepting, finish in-flight requests
   * (bounded), close the pool.
   * {@code halt} sets the exit status, which a JVM killed by a signal would otherwise report as
   * 128 + the signal's number: a clean stop exits 0.
   */
  private static void shutdown(Vertx vertx, Gateway gateway, Duration drain) {
    LOG.info("shutting down: not ready, draining for {} ms", drain.toMillis());
    try {
      gateway.drain();
      // on the shutdown hook's own thread: a Vert.x timer's context would be closed under it
      Thread.sleep(drain.toMillis());
      gateway.undeploy().eventually(vertx::close)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      LOG.info("stopped");
      flushLogs();
      Runtime.getRuntime().halt(0);
    } catch (Exception e) {
      LOG.error("unclean shutdown: {}", oneLine(e));
      flushLogs();
      Runtime.getRuntime().halt(1);
    }
  }

  /** {@code halt} skips shutdown hooks: the access log's queued lines are written first. */
  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
      logs.stop();
    }
  }

  /** The migration status report (issue 8), read over JDBC: no Vert.x, nothing written. */
  static String report(Args args) throws Exception {
    AppConfig config = load(args);
    try (Connection jdbc = Migrator.connect(Gateway.adminTarget(config.pg()))) {
      return new JsonObject(PgReport.migrationStatus(jdbc)).encodePrettily();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the report from Postgres: " + oneLine(e), e);
    }
  }

  /**
   * Checks the sync invariants of one user or all ({@link PgVerifier}) and prints every violation,
   * one per line (user, invariant, detail); answers whether there was none.
   */
  static boolean verify(Args args) throws Exception {
    AppConfig config = load(args);
    Vertx vertx = Vertx.vertx();
    try {
      // as the admin: the invariants span every user, which row-level security would hide
      PrimaryLocator hosts = new PrimaryLocator(vertx, Gateway.adminTarget(config.pg()), o -> o,
          config.pg().connectTimeout(), Gateway.PRIMARY_TTL);
      SqlClient client = PgBuilder.client().connectingTo(hosts).using(vertx).build();
      List<PgVerifier.Violation> violations = new PgVerifier()
          .verify(client, args.option("--user"), config.http().requestTimeout())
          .eventually(client::close).eventually(hosts::close)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
      violations.forEach(System.out::println);
      System.out.println(violations.isEmpty() ? "verify: every invariant holds"
          : "verify: " + violations.size() + " violation(s)");
      return violations.isEmpty();
    } finally {
      vertx.close();
    }
  }

  static String token(Args args) throws Exception {
    AppConfig config = load(args);
    String secret = DevSecret.resolve(config.auth());
    if (secret == null) {
      throw new IllegalStateException("no HMAC secret is configured; tokens come from the "
          + "identity provider that holds the private key");
    }
    String sub = args.option("--sub");
    if (sub == null || sub.isEmpty() || sub.length() > 128) {
      throw new IllegalArgumentException("token needs --sub ID (1-128 characters)");
    }
    String ttlText = args.option("--ttl");
    Duration ttl = AppConfig.parseDuration(ttlText == null ? "1h" : ttlText);
    if (ttl == null) {
      throw new IllegalArgumentException("--ttl must look like 30m, 1h or 7d");
    }
    Vertx vertx = Vertx.vertx();
    try {
      return new DevTokens(JWTAuth.create(vertx, TokenKeys.of(secret, null).options()),
          config.auth()).mint(sub, args.flag("--admin"), ttl);
    } finally {
      vertx.close();
    }
  }

  static AppConfig load(Args args) throws Exception {
    String file = args.option("--conf");
    Path path = Path.of(file == null ? "conf/gateway.json" : file);
    return AppConfig.load(new JsonObject(Files.readString(path)), System.getenv());
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += " (" + root.getMessage() + ")";
    }
    return message.replaceAll("\\s+", " ");
  }

  /** The command line: a command, then {@code --name value} options and bare flags. */
  record Args(List<String> words) {
    String command() {
      return words.isEmpty() ? "serve" : words.get(0);
    }

    String option(String name) {
      int i = words.indexOf(name);
      return i >= 0 && i + 1 < words.size() ? words.get(i + 1) : null;
    }

    boolean flag(String name) {
      return words.contains(name);
    }
  }
}
