package dev.foodlens.sync.app;

import dev.foodlens.sync.store.Migrator;
import dev.foodlens.sync.store.PgReport;
import dev.foodlens.sync.store.PgVerifier;
import dev.foodlens.sync.store.PrimaryLocator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.SqlClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The operators' commands beside {@code serve}: each reads the same configuration. */
final class Tools {
  private Tools() {}

  @Command(name = "token", mixinStandardHelpOptions = true,
      description = "Print a development token signed with the configured HMAC secret (or the "
          + "development secret file). Refused when only public keys are configured.")
  static final class Token implements Callable<Integer> {
    @Mixin
    Main.Conf conf = new Main.Conf();

    @Option(names = "--sub", required = true, paramLabel = "ID",
        description = "The user id (1-128 characters).")
    String sub = "";

    @Option(names = "--admin", description = "Add the admin claim.")
    boolean admin;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
        description = "Lifetime: 30m, 1h, 7d (default: ${DEFAULT-VALUE}).")
    String ttl = "1h";

    @Override
    public Integer call() throws Exception {
      AppConfig config = conf.load();
      String secret = DevSecret.resolve(config.auth());
      if (secret == null) {
        throw new IllegalStateException("no HMAC secret is configured; tokens come from the "
            + "identity provider that holds the private key");
      }
      if (sub.isEmpty() || sub.length() > 128) {
        throw new IllegalArgumentException("token needs --sub ID (1-128 characters)");
      }
      Duration lifetime = AppConfig.parseDuration(ttl);
      if (lifetime == null) {
        throw new IllegalArgumentException("--ttl must look like 30m, 1h or 7d");
      }
      Vertx vertx = Vertx.vertx();
      try {
        System.out.println(new DevTokens(JWTAuth.create(vertx,
            TokenKeys.of(secret, null).options()), config.auth()).mint(sub, admin, lifetime));
        return 0;
      } finally {
        vertx.close();
      }
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Print the migration status report from the database (read only).")
  static final class Report implements Callable<Integer> {
    @Mixin
    Main.Conf conf = new Main.Conf();

    /** Read over JDBC: no Vert.x, nothing written. */
    @Override
    public Integer call() throws Exception {
      AppConfig config = conf.load();
      try (Connection jdbc = Migrator.connect(Gateway.adminTarget(config.pg()))) {
        System.out.println(new JsonObject(PgReport.migrationStatus(jdbc)).encodePrettily());
        return 0;
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the report from Postgres: "
            + Main.oneLine(e), e);
      }
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check the sync invariants in the database; print each violation. "
          + "Exit 0 when every invariant holds, 1 otherwise.")
  static final class Verify implements Callable<Integer> {
    @Mixin
    Main.Conf conf = new Main.Conf();

    @Option(names = "--user", paramLabel = "ID", description = "Check one user (default: all).")
    @Nullable String user;

    @Override
    public Integer call() throws Exception {
      AppConfig config = conf.load();
      Vertx vertx = Vertx.vertx();
      try {
        // as the admin: the invariants span every user, which row-level security would hide
        PrimaryLocator hosts = new PrimaryLocator(vertx, Gateway.adminTarget(config.pg()),
            o -> o, config.pg().connectTimeout(), Gateway.PRIMARY_TTL);
        SqlClient client = PgBuilder.client().connectingTo(hosts).using(vertx).build();
        List<PgVerifier.Violation> violations = new PgVerifier()
            .verify(client, user, config.http().requestTimeout())
            .eventually(client::close).eventually(hosts::close)
            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
        violations.forEach(System.out::println);
        System.out.println(violations.isEmpty() ? "verify: every invariant holds"
            : "verify: " + violations.size() + " violation(s)");
        return violations.isEmpty() ? 0 : 1;
      } finally {
        vertx.close();
      }
    }
  }
}
