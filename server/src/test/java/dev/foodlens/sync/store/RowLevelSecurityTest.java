package dev.foodlens.sync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foodlens.sync.testing.TestDatabase;
import dev.foodlens.sync.testing.TestGateway;
import dev.foodlens.sync.testing.TestTokens;
import io.vertx.core.http.HttpMethod;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 8: the gateway serves as an app role that sees only the rows of the user its
 * transaction names, even through a hand-written query that forgot {@code WHERE user_id}.
 */
class RowLevelSecurityTest {
  static TestDatabase db;
  static TestGateway gw;
  static final String ALICE = "rls-alice-" + UUID.randomUUID();
  static final String BOB = "rls-bob-" + UUID.randomUUID();
  static final List<String> PER_USER = List.of("users", "lww_fields", "changes",
      "idempotency_ledger", "allergy_ops", "allergy_tags", "history");

  @BeforeAll
  static void start() {
    db = TestDatabase.create(RowLevelSecurityTest.class);
    gw = TestGateway.on(db).env("FOODLENS_HTTP_INSTANCES", "1").start();
    for (String user : List.of(ALICE, BOB)) {
      String token = TestTokens.user(user);
      assertThat(gw.patch("/me/profile", token, "{\"fields\":{\"displayName\":\"" + user
          + "\"}}").statusCode()).isEqualTo(200);
      assertThat(gw.write(HttpMethod.POST, "/me/allergies", token, UUID.randomUUID(),
          "{\"allergen\":\"peanut\"}").statusCode()).isEqualTo(200);
      assertThat(gw.write(HttpMethod.POST, "/me/history", token, UUID.randomUUID(),
          "{\"id\":\"" + UUID.randomUUID() + "\",\"scannedAt\":\"2026-11-24T10:00:00Z\","
          + "\"verdict\":\"safe\",\"allergensDetected\":[]}").statusCode()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    gw.close();
    db.close();
  }

  private static Connection as(String role) throws SQLException {
    PgConnectOptions o = db.connectOptions();
    return DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":" + o.getPort()
        + "/" + o.getDatabase(), role, "");
  }

  private static List<String> users(Statement s, String table) throws SQLException {
    List<String> users = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT DISTINCT user_id FROM " + table
        + " ORDER BY 1")) {
      while (rs.next()) {
        users.add(rs.getString(1));
      }
    }
    return users;
  }

  @Test
  void appRole_seesOnlyTheTransactionsUser_evenWithoutAWhere() throws Exception {
    try (Connection c = as("foodlens_app"); Statement s = c.createStatement()) {
      for (String table : PER_USER) {
        assertThat(users(s, table)).as("%s with no user set", table).isEmpty();
      }
      c.setAutoCommit(false);
      s.execute("SELECT set_config('foodlens.user_id', '" + ALICE + "', true)");
      for (String table : PER_USER) {
        assertThat(users(s, table)).as(table).containsExactly(ALICE);
      }
      assertThat(s.executeUpdate("UPDATE history SET note = 'mine'")).isEqualTo(1);
      c.commit();
      for (String table : PER_USER) {
        assertThat(users(s, table)).as("%s after the transaction", table).isEmpty();
      }
    }
    assertThat(db.count("SELECT count(*) FROM history WHERE note = 'mine' AND user_id = '"
        + ALICE + "'")).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM history WHERE note = 'mine'")).isEqualTo(1);
  }

  @Test
  void appRole_cannotWriteAnotherUsersRows_norDeleteAtAll() throws Exception {
    try (Connection c = as("foodlens_app"); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SELECT set_config('foodlens.user_id', '" + ALICE + "', true)");
      assertThatThrownBy(() -> s.execute("INSERT INTO users (user_id) VALUES ('" + BOB
          + "-2')")).isInstanceOf(SQLException.class)
          .hasMessageContaining("row-level security");
      c.rollback();
      s.execute("SELECT set_config('foodlens.user_id', '" + ALICE + "', true)");
      assertThatThrownBy(() -> s.execute("DELETE FROM history"))
          .hasMessageContaining("permission denied");
      c.rollback();
      assertThatThrownBy(() -> s.execute("CREATE TABLE intruder (x int)"))
          .hasMessageContaining("permission denied");
      c.rollback();
    }
  }

  @Test
  void maintenanceRole_readsAcrossUsers_butWritesNoUserData() throws Exception {
    try (Connection c = as("foodlens_app"); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET LOCAL ROLE foodlens_maintenance");
      assertThat(users(s, "history")).containsExactlyInAnyOrder(ALICE, BOB);
      assertThatThrownBy(() -> s.execute("UPDATE history SET note = 'x'"))
          .hasMessageContaining("permission denied");
      c.rollback();
    }
  }

  @Test
  void ownerRole_isBoundByThePoliciesToo() throws Exception {
    try (Connection c = db.jdbc(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET LOCAL ROLE foodlens_owner");
      assertThat(users(s, "history")).isEmpty();
      c.rollback();
    }
  }

  @Test
  void flywayRanAsTheOwner_whoOwnsEveryTable() {
    assertThat(db.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
        .isGreaterThan(10);
    assertThat(db.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        + " AND tableowner <> 'foodlens_owner'")).isZero();
    assertThat(db.count("SELECT count(*) FROM pg_class c JOIN pg_namespace n"
        + " ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
        + " AND c.relname NOT IN ('toggles', 'toggle_changes', 'flyway_schema_history')"
        + " AND NOT (c.relrowsecurity AND c.relforcerowsecurity)")).isZero();
  }

  @Test
  void theGatewaysPool_logsInAsTheAppRole() {
    assertThat(db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        + " AND usename = 'foodlens_app'")).isPositive();
  }

  @Test
  void aDatabaseMigratedBeforeRolesExisted_isAdoptedByTheOwner() throws Exception {
    PgConnectOptions o = db.connectOptions();
    String name = "t_rls_upgrade_" + UUID.randomUUID().toString().substring(0, 8);
    PgTarget upgrade = PgTarget.of(new PgConnectOptions(o).setDatabase(name));
    String url = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/";
    try {
      Migrator.createDatabaseIfMissing(upgrade);
      org.flywaydb.core.Flyway.configure().dataSource(url + name, o.getUser(), o.getPassword())
          .locations("classpath:db/migration").target("9").load().migrate();
      Migrator.migrate(upgrade);
      try (Connection c = DriverManager.getConnection(url + name, o.getUser(), o.getPassword());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE tableowner <> "
              + "'foodlens_owner'), count(*) FILTER (WHERE rowsecurity) FROM pg_tables "
              + "WHERE schemaname = 'public'")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
        assertThat(rs.getLong(2)).isEqualTo(11);
      }
    } finally {
      try (Connection c = DriverManager.getConnection(url + "postgres", o.getUser(),
          o.getPassword()); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  @Test
  void rolesAreMadeOnce_evenWhenManyMigratorsStartTogether() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Object>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Callable<Object> run = () -> {
          Migrator.ensureRoles(db.target(), DbRoles.defaults());
          return null;
        };
        runs.add(pool.submit(run));
      }
      for (Future<Object> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(db.count("SELECT count(*) FROM pg_roles WHERE rolname IN ('foodlens_owner', "
        + "'foodlens_app', 'foodlens_maintenance')")).isEqualTo(3);
  }
}
