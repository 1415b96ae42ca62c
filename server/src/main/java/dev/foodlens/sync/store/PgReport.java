package dev.foodlens.sync.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The migration status report for operators (issue 8): users by migration state, per entity how
 * many users hold server data, allergy conflicts, automatic decisions since the manual-merge gate
 * last turned off, ledger outcomes and the device queues last reported. One SQL statement serves
 * both the endpoint (non-blocking) and the {@code report} command (JDBC, before any Vert.x).
 */
public final class PgReport {
  private static final String SQL = Sql.load("report/migration_status");

  /** The report as a JSON document. */
  public Future<String> migrationStatus(SqlClient client) {
    return client.query(SQL).execute().map(rows -> rows.iterator().next().getString("report"));
  }

  /** The same report over JDBC, for the command line. */
  public static String migrationStatus(Connection jdbc) throws SQLException {
    try (Statement statement = jdbc.createStatement(); ResultSet rs = statement.executeQuery(SQL)) {
      rs.next();
      return rs.getString("report");
    }
  }
}
