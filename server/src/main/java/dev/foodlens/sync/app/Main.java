package dev.foodlens.sync.app;

import ch.qos.logback.classic.LoggerContext;
import dev.foodlens.sync.store.Migrator;
import dev.foodlens.sync.store.PgTarget;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar foodlens-sync.jar serve | token | report | verify | demo} (contract §8), each
 * with {@code --help}. Without a command it serves. A bad option prints one line and exits 2;
 * any failure before listening prints one line and exits 1.
 *
 * <p>Start-up order: config → keys and schemas from disk (or the jar) → database created and
 * migrated → Vert.x → sweeper and HTTP verticles.
 */
@Command(name = "foodlens-sync", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "The FoodLens Sync gateway. Without a command: serve.",
    subcommands = {Main.Serve.class, Tools.Token.class, Tools.Report.class, Tools.Verify.class,
        Demo.Run.class})
public final class Main implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    // a serving gateway lives on Vert.x's threads until SIGTERM; every other command is done
    if (code != 0 || !Serve.listening) {
      System.exit(code);
    }
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setParameterExceptionHandler((e, args) -> {
          e.getCommandLine().getErr().println(e.getCommandLine().getCommandSpec().qualifiedName()
              + ": " + oneLine(e) + " (see --help)");
          return CommandLine.ExitCode.USAGE;
        })
        .setExecutionExceptionHandler((e, cl, parsed) -> {
          cl.getErr().println("foodlens-sync: " + oneLine(e));
          return CommandLine.ExitCode.SOFTWARE;
        });
  }

  @Override
  public Integer call() throws Exception {
    return new Serve().call();
  }

  /** {@code --conf FILE}: the keys it holds override the built-in defaults. */
  static final class Conf {
    @Option(names = "--conf", paramLabel = "FILE", description = "A gateway.json whose keys "
        + "override the built-in defaults (default: ./conf/gateway.json when present).")
    @Nullable Path file;

    AppConfig load() throws Exception {
      return AppConfig.load(ConfigFiles.effective(file), System.getenv());
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Create and migrate the database if needed, then serve the API and the "
          + "management listener until SIGTERM.")
  static final class Serve implements Callable<Integer> {
    static volatile boolean listening;

    @Mixin
    Conf conf = new Conf();

    @Override
    public Integer call() throws Exception {
      Gateway.Setup setup = Gateway.Setup.prepare(conf.load());
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
      listening = true;
      return 0;
    }
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

  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += " (" + root.getMessage() + ")";
    }
    return message.replaceAll("\\s+", " ").trim();
  }

  /** The jar's version, as its manifest states it. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"foodlens-sync " + (version == null ? "(development build)" : version)};
    }
  }
}
