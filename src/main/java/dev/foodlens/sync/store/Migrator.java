package dev.foodlens.sync.store;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * Creates the database when it is missing and applies the Flyway migrations. Runs once in
 * {@code Main}, over JDBC, before Vert.x starts: it may block, nothing else is running yet.
 */
public final class Migrator {
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final String DUPLICATE_DATABASE = "42P04";

  private Migrator() {}

  /** Makes sure the database of {@code options} exists and is migrated; answers its version. */
  public static String migrate(PgConnectOptions options) throws SQLException {
    createDatabaseIfMissing(options);
    Flyway flyway = Flyway.configure()
        .dataSource(jdbcUrl(options, options.getDatabase()), options.getUser(),
            options.getPassword())
        .locations("classpath:db/migration")
        .load();
    flyway.migrate();
    return flyway.info().current().getVersion().getVersion();
  }

  static void createDatabaseIfMissing(PgConnectOptions options) throws SQLException {
    String name = options.getDatabase();
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": "
          + name);
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl(options, "postgres"), props(options));
        PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (var create = c.createStatement()) {
        create.execute("CREATE DATABASE \"" + name + "\"");
      } catch (SQLException e) {
        if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
          throw e;
        }
      }
    }
  }

  /** A JDBC connection to the database of {@code options}, for the command line's reads. */
  public static Connection connect(PgConnectOptions options) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(options, options.getDatabase()), props(options));
  }

  private static String jdbcUrl(PgConnectOptions options, String database) {
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + database;
  }

  private static Properties props(PgConnectOptions options) {
    Properties props = new Properties();
    props.setProperty("user", options.getUser());
    if (options.getPassword() != null) {
      props.setProperty("password", options.getPassword());
    }
    props.setProperty("connectTimeout", "5");
    return props;
  }
}
