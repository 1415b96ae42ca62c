package dev.foodlens.sync.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Creates the database when it is missing and applies the Flyway migrations. Runs once in
 * {@code Main}, over JDBC, before Vert.x starts: it may block, nothing else is running yet.
 */
public final class Migrator {
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final String DUPLICATE_DATABASE = "42P04";

  private Migrator() {}

  /** {@link #migrate(PgConnectOptions, DbRoles)} with the default role names. */
  public static String migrate(PgTarget admin) throws SQLException {
    return migrate(admin, DbRoles.defaults());
  }

  /**
   * Makes sure the database of {@code admin} exists, that {@code roles} exist with the rights
   * the migrations expect, and that the schema is migrated; answers its version. {@code admin}
   * is a superuser, or a role with CREATEDB and CREATEROLE that owns the existing tables.
   * Flyway runs as the owner role ({@code SET ROLE}), so every table it creates belongs to it.
   */
  public static String migrate(PgTarget admin, DbRoles roles) throws SQLException {
    createDatabaseIfMissing(admin);
    ensureRoles(admin, roles);
    adoptSchema(admin, roles);
    Flyway flyway = Flyway.configure()
        .dataSource(admin.jdbcUrl(admin.database()), admin.user(), admin.password())
        .callbacks(new RunAs(roles.owner()))
        .placeholders(Map.of("appRole", roles.app(), "maintenanceRole", roles.maintenance()))
        .locations("classpath:db/migration")
        .load();
    flyway.migrate();
    return flyway.info().current().getVersion().getVersion();
  }

  /** Every connection Flyway opens acts as the owner role, so what it creates is the owner's. */
  private static final class RunAs extends BaseCallback {
    private final String role;

    RunAs(String role) {
      this.role = role;
    }

    @Override
    public boolean supports(Event event, Context context) {
      return event == Event.AFTER_CONNECT;
    }

    @Override
    public void handle(Event event, Context context) {
      try (Statement s = context.getConnection().createStatement()) {
        s.execute("SET ROLE " + role);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot act as the owner role " + role, e);
      }
    }
  }

  /**
   * Roles are shared by every database of the cluster, and several gateways (or test
   * databases) may start at once: the work runs under one advisory lock in the {@code postgres}
   * database, and a CREATE that still races with a migrator not taking it is a no-op.
   */
  static void ensureRoles(PgTarget admin, DbRoles roles) throws SQLException {
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl("postgres"),
            admin.jdbcProperties());
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SELECT pg_advisory_xact_lock(hashtext('foodlens roles'))");
      s.execute(createRole(roles.owner(), "NOLOGIN"));
      s.execute(createRole(roles.maintenance(), "NOLOGIN"));
      // NOINHERIT: the app role holds the maintenance role's rights (and its policy) only
      // inside a transaction that says SET LOCAL ROLE, never by default.
      s.execute(createRole(roles.app(), "LOGIN NOINHERIT"));
      s.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + roles.app()
          + "' AND (rolinherit OR NOT rolcanlogin)) THEN ALTER ROLE " + roles.app()
          + " LOGIN NOINHERIT; END IF; END $$");
      s.execute(grantIfMissing(roles.maintenance(), "'" + roles.app() + "'"));
      s.execute(grantIfMissing(roles.owner(), "current_user"));
      if (roles.appPassword() != null) {
        try (PreparedStatement alter = c.prepareStatement(
            "SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', ?, ?)")) {
          alter.setString(1, roles.app());
          alter.setString(2, roles.appPassword());
          try (ResultSet rs = alter.executeQuery()) {
            rs.next();
            s.execute(rs.getString(1));
          }
        }
      }
      c.commit();
    }
  }

  private static String createRole(String name, String login) {
    return "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + name
        + "') THEN CREATE ROLE " + name + " " + login + "; END IF; "
        + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$";
  }

  /** {@code memberSql} is a quoted role name or {@code current_user}. */
  private static String grantIfMissing(String role, String memberSql) {
    return "DO $$ BEGIN IF NOT pg_has_role(" + memberSql + ", '" + role + "', 'MEMBER') THEN "
        + "EXECUTE format('GRANT %I TO %I', '" + role + "', " + memberSql + "); END IF; END $$";
  }

  /**
   * Lets the owner role create tables in {@code public} and hands it the tables of a database
   * migrated before roles existed (they belonged to the admin), so later migrations, run as the
   * owner, may alter them. A sequence owned by a column moves with its table.
   */
  static void adoptSchema(PgTarget admin, DbRoles roles) throws SQLException {
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(admin.database()),
        admin.jdbcProperties()); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SELECT pg_advisory_xact_lock(hashtext('foodlens schema'))");
      s.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + roles.owner());
      s.execute("DO $$ DECLARE r record; BEGIN FOR r IN SELECT c.relname, c.relkind "
          + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
          + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm') "
          + "AND c.relowner <> '" + roles.owner() + "'::regrole "
          + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
          + "AND d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP "
          + "EXECUTE format('ALTER %s %I OWNER TO %I', CASE r.relkind WHEN 'S' THEN 'SEQUENCE' "
          + "WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, "
          + "r.relname, '" + roles.owner() + "'); END LOOP; END $$");
      c.commit();
    }
  }

  static void createDatabaseIfMissing(PgTarget options) throws SQLException {
    String name = options.database();
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": "
          + name);
    }
    try (Connection c = DriverManager.getConnection(options.jdbcUrl("postgres"),
        options.jdbcProperties());
        PreparedStatement exists =
            c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
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

  /** Drops the database of {@code options} and ends its sessions (the demo's throwaway one). */
  public static void dropDatabase(PgTarget options) throws SQLException {
    String name = options.database();
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": "
          + name);
    }
    try (Connection c = DriverManager.getConnection(options.jdbcUrl("postgres"),
        options.jdbcProperties()); var drop = c.createStatement()) {
      drop.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }
  }

  /** A JDBC connection to the database of {@code options}, for the command line's reads. */
  public static Connection connect(PgTarget options) throws SQLException {
    return DriverManager.getConnection(options.jdbcUrl(options.database()),
        options.jdbcProperties());
  }
}
