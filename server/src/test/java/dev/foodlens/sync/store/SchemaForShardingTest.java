package dev.foodlens.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What sharding by {@code user_id} (Citus, migration V55) needs of the schema and of every
 * statement, checked on plain Postgres in the normal suite (issue 16): every primary key and
 * unique constraint or index of a per-user table includes {@code user_id}; no foreign key
 * crosses users; every statement in {@code src/main/resources/sql} that touches a per-user
 * table pins {@code user_id} to a parameter and ties every other per-user table it reads to
 * it, so it routes to one user's shard; and no upsert computes a non-immutable function in its
 * conflict branch (Citus refuses it). The exceptions are listed below, each with its reason.
 */
class SchemaForShardingTest {
  static TestDatabase db;

  /** Statements that work across users on purpose; Citus runs them on every shard. */
  static final Map<String, String> ACROSS_USERS = Map.of(
      "ledger/purge_expired.sql", "the sweeper deletes expired entries of every user",
      "feed/prune_changes.sql", "the sweeper prunes every user's superseded changes",
      "ledger/add_replays.sql", "replay counts of many users go out in one statement, keyed"
          + " by (user_id, key) pairs from the arrays",
      "report/migration_status.sql", "the operators' report counts every user",
      "console/select_rollout.sql", "the console's rollout page counts every user's data,"
          + " refusals and device queues",
      "verify/select_user_page.sql", "the whole-database check walks the users' ids");

  @BeforeAll
  static void start() {
    db = TestDatabase.create(SchemaForShardingTest.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static List<String> rows(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.jdbc(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The tables with a user_id column: the ones V55 distributes. */
  static List<String> perUserTables() throws Exception {
    return rows("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'user_id'"
        + " WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1");
  }

  @Test
  void thePerUserTables_areTheOnesV55Distributes() throws Exception {
    String v55 = Files.readString(Path.of(
        "server/src/main/resources/db/migration/V55__citus_distribution.sql"));
    assertThat(perUserTables()).isNotEmpty().allSatisfy(table ->
        assertThat(v55).as("V55 distributes " + table).contains("'" + table + "'"));
  }

  @Test
  void everyUniqueKeyOfAPerUserTable_includesUserId() throws Exception {
    List<String> without = rows("SELECT i.indrelid::regclass || ': ' || i.indexrelid::regclass"
        + " FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
        + " AND a.attname = 'user_id'"
        + " JOIN pg_namespace n ON n.oid = (SELECT relnamespace FROM pg_class"
        + " WHERE oid = i.indrelid)"
        + " WHERE n.nspname = 'public' AND i.indisunique AND NOT a.attnum = ANY (i.indkey)");
    assertThat(without).as("unique indexes (primary keys included) without user_id").isEmpty();
    assertThat(rows("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
        + " WHERE c.relname = 'history' AND i.indisprimary"))
        .as("the check sees the primary keys").containsExactly("1");
  }

  @Test
  void noForeignKey_crossesUsers() throws Exception {
    // a foreign key between per-user tables must map user_id to user_id (or not exist)
    List<String> crossing = rows("SELECT conname FROM pg_constraint k WHERE contype = 'f'"
        + " AND NOT EXISTS (SELECT 1 FROM unnest(k.conkey, k.confkey) AS m(own, ref)"
        + " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = m.own"
        + " JOIN pg_attribute b ON b.attrelid = k.confrelid AND b.attnum = m.ref"
        + " WHERE a.attname = 'user_id' AND b.attname = 'user_id')");
    assertThat(crossing).isEmpty();
  }

  private static final Pattern REFERENCE = Pattern.compile(
      "\\b(FROM|JOIN|INTO|UPDATE)\\s+([a-z_]+)(?:\\s+(?:AS\\s+)?([a-z_]+))?",
      Pattern.CASE_INSENSITIVE);
  private static final Set<String> NOT_ALIASES = Set.of("where", "set", "on", "join", "left",
      "inner", "cross", "order", "group", "limit", "values", "select", "using", "returning",
      "union", "as", "lateral", "natural", "full", "right", "with");
  private static final Pattern PINNED = Pattern.compile(
      "\\buser_id\\s*=\\s*(?:\\$\\d|ANY\\s*\\(\\s*\\$\\d)|\\$\\d\\s*=\\s*(?:\\w+\\.)?user_id\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern INSERT_WITH_USER = Pattern.compile(
      "INSERT\\s+INTO\\s+[a-z_]+\\s*(?:AS\\s+\\w+\\s*)?\\(\\s*user_id\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern CONFLICT_BRANCH = Pattern.compile(
      "DO\\s+UPDATE\\s+SET(.*?)(?:RETURNING|\\)\\s*,|\\)\\s*SELECT|\\)\\s*DELETE|\\)\\s*INSERT|$)",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern NOT_IMMUTABLE = Pattern.compile(
      "\\b(now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|random"
          + "|gen_random_uuid|nextval|current_setting)\\s*\\(|\\bcurrent_(timestamp|date|time)\\b"
          + "|\\blocaltimestamp\\b", Pattern.CASE_INSENSITIVE);

  static Map<String, String> statements() throws IOException {
    Path root = Path.of("server/src/main/resources/sql");
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
        String sql = Files.readString(f).replaceAll("--[^\n]*", " ");
        out.put(root.relativize(f).toString().replace('\\', '/'), sql);
      }
    }
    return out;
  }

  /** What is wrong with {@code sql} for sharding, or nothing. */
  static List<String> problems(String sql, Set<String> perUser) {
    List<String> found = new ArrayList<>();
    Set<String> aliases = new LinkedHashSet<>();
    boolean touches = false;
    Matcher m = REFERENCE.matcher(sql);
    while (m.find()) {
      String table = m.group(2).toLowerCase(Locale.ROOT);
      if (!perUser.contains(table)) {
        continue;
      }
      touches = true;
      String alias = m.group(3) == null ? null : m.group(3).toLowerCase(Locale.ROOT);
      // an insert's target takes the user_id its rows carry; only reads must be tied
      boolean read = !m.group(1).equalsIgnoreCase("INTO");
      if (read && alias != null && !NOT_ALIASES.contains(alias)) {
        aliases.add(alias);
      }
    }
    if (touches && !PINNED.matcher(sql).find() && !INSERT_WITH_USER.matcher(sql).find()) {
      found.add("touches a per-user table without pinning user_id to a parameter");
    }
    for (String alias : aliases) {
      if (!Pattern.compile("\\b" + alias + "\\.user_id\\b").matcher(sql).find()) {
        found.add("reads " + alias + " without tying its user_id");
      }
    }
    Matcher conflict = CONFLICT_BRANCH.matcher(sql);
    while (conflict.find()) {
      Matcher fn = NOT_IMMUTABLE.matcher(conflict.group(1));
      if (fn.find()) {
        found.add("calls " + fn.group() + " in an upsert's conflict branch");
      }
    }
    return found;
  }

  @Test
  void everyPerUserStatement_routesToOneUser() throws Exception {
    Set<String> perUser = Set.copyOf(perUserTables());
    Map<String, List<String>> bad = new TreeMap<>();
    Set<String> checked = new LinkedHashSet<>();
    statements().forEach((file, sql) -> {
      if (!ACROSS_USERS.containsKey(file)) {
        List<String> problems = problems(sql, perUser);
        if (!problems.isEmpty()) {
          bad.put(file, problems);
        }
        checked.add(file);
      }
    });
    assertThat(bad).isEmpty();
    assertThat(checked).contains("ledger/claim_key.sql", "feed/select_since.sql",
        "fields/merge_patch.sql");
    assertThat(statements().keySet()).as("every listed exception is a statement")
        .containsAll(ACROSS_USERS.keySet());
  }

  @Test
  void theCheck_catchesWhatCitusRefuses() throws Exception {
    Set<String> perUser = Set.copyOf(perUserTables());
    assertThat(problems("SELECT count(*) FROM history WHERE deleted", perUser))
        .containsExactly("touches a per-user table without pinning user_id to a parameter");
    assertThat(problems("SELECT 1 FROM history h JOIN changes c ON c.key = h.id::text"
        + " WHERE h.user_id = $1", perUser))
        .containsExactly("reads c without tying its user_id");
    assertThat(problems("INSERT INTO device_stats (user_id, device_id) VALUES ($1, $2)"
        + " ON CONFLICT (user_id, device_id) DO UPDATE SET reported_at = now()", perUser))
        .containsExactly("calls now( in an upsert's conflict branch");
    assertThat(problems("INSERT INTO device_stats (user_id, device_id, reported_at)"
        + " VALUES ($1, $2, $3) ON CONFLICT (user_id, device_id)"
        + " DO UPDATE SET reported_at = excluded.reported_at", perUser)).isEmpty();
  }
}
