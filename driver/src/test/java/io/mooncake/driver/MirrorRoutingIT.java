package io.mooncake.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How mirror queries reach DuckDB from every JDBC entry point: all prepareStatement and execute
 * overloads, EXPLAIN [ANALYZE], the {@code fallback} property, and large answers handed over in
 * chunks (fetch size, max rows, several open results on one connection).
 */
class MirrorRoutingIT {

  private static final EmbeddedPg PG = PgFixture.get();
  private static final String DB = PG.createDatabase("driver_routing");
  private static final int ROWS = 25_000;
  private static String url;

  @BeforeAll
  static void mirror() throws Exception {
    url =
        PG.mooncakeUrl(DB)
            + "&warehouse="
            + Files.createTempDirectory("mooncake-routing")
            + "&flushInterval=500ms";
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE items (id int PRIMARY KEY, grp int, price numeric(10,2), label text)");
      s.execute(
          "INSERT INTO items SELECT g, g % 7, g * 0.5, 'item ' || g FROM generate_series(1, "
              + ROWS
              + ") g");
      s.execute("CALL mooncake.create_table('items_cs', 'items')");
      s.execute(
          "CREATE TABLE groups (grp int PRIMARY KEY, name text, since date, tags text[],"
              + " weight numeric(6,3))");
      s.execute(
          "INSERT INTO groups SELECT g, CASE WHEN g = 3 THEN NULL ELSE 'group ' || g END,"
              + " date '2024-01-01' + g, ARRAY['t' || g, NULL], g / 7.0 FROM generate_series(0, 5) g");
    }
  }

  /** Each row of {@code sql} as text, through {@code c}. */
  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          row.append(v == null ? "null" : v.getClass().getSimpleName() + " " + v).append(" | ");
        }
        out.add(row.toString());
      }
      assertThat(fellBack(s)).as("ran on DuckDB: " + sql).isFalse();
    }
    return out;
  }

  @Test
  void joinsWithPostgresTablesRunOnDuckDb() throws Exception {
    String[] queries = {
      "SELECT g.name, g.weight, count(*), sum(i.price) FROM {items} i"
          + " JOIN groups g ON g.grp = i.grp WHERE g.since > date '2024-01-02'"
          + " GROUP BY g.name, g.weight ORDER BY g.name NULLS FIRST",
      // an array of an ordinary table, kept as PostgreSQL's text, handed back as it is
      "SELECT g.name, g.tags, i.id FROM {items} i JOIN groups g ON g.grp = i.grp"
          + " WHERE i.id < 30 ORDER BY i.id",
      "SELECT * FROM groups g LEFT JOIN (SELECT grp, max(id) AS top FROM {items} GROUP BY grp) m"
          + " USING (grp) ORDER BY grp",
      "SELECT i.id, g.name FROM {items} i, groups g WHERE i.grp = g.grp AND i.id < 20"
          + " ORDER BY i.id",
    };
    try (Connection c = DriverManager.getConnection(url);
        Connection pg = DriverManager.getConnection(PG.jdbcUrl(DB))) {
      for (String q : queries) {
        assertThat(rows(c, q.replace("{items}", "items_cs")))
            .as(q)
            .isNotEmpty()
            .isEqualTo(rows(pg, q.replace("{items}", "items")));
      }
      // Sorted or grouped by on DuckDB, that text would not be PostgreSQL's order: refused.
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT g.tags, count(*) FROM items_cs i JOIN groups g ON g.grp = i.grp"
                      + " GROUP BY g.tags ORDER BY g.tags")) {
        assertThat(rs.next()).isTrue();
        assertThat(fellBack(s)).isTrue();
        assertThat(s.getWarnings().getMessage()).contains("column tags (oid 1009)");
      }
      // The session's own committed change of the PostgreSQL table is seen at once.
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE groups SET name = 'renamed' WHERE grp = 1");
      }
      assertThat(
              rows(
                  c,
                  "SELECT DISTINCT g.name FROM items_cs i JOIN groups g USING (grp)"
                      + " WHERE i.grp = 1"))
          .containsExactly("String renamed | ");
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "EXPLAIN SELECT count(*) FROM items_cs i JOIN groups g ON g.grp = i.grp")) {
        assertThat(column(rs))
            .contains("PostgreSQL table fetched for DuckDB: SELECT \"grp\" FROM \"groups\"");
      }
    }
  }

  @Test
  void aMirrorQueryOnDuckDbIsCancelledAndTimedOutAsOnPostgresql() throws Exception {
    // A join of 25,000^3 rows: DuckDB needs far longer than the second it is given.
    String slow =
        "SELECT count(*) FROM items_cs a, items_cs b, items_cs c"
            + " WHERE a.price + b.price > c.price + a.id";
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> s.executeQuery(slow))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("statement timeout")
            .extracting(e -> ((SQLException) e).getSQLState())
            .isEqualTo("57014");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
        // not run on PostgreSQL instead: no fallback warning
        assertThat((Object) s.getWarnings()).isNull();
        s.setQueryTimeout(0);
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM items_cs")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(ROWS);
        }
      }
      try (Statement s = c.createStatement()) {
        // PostgreSQL's own statement_timeout limits a mirror query on DuckDB as well.
        s.execute("SET statement_timeout = '700ms'");
        assertThatThrownBy(() -> s.executeQuery(slow))
            .hasMessageContaining("statement timeout")
            .extracting(e -> ((SQLException) e).getSQLState())
            .isEqualTo("57014");
        assertThat((Object) s.getWarnings()).isNull();
        s.execute("RESET statement_timeout");
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM items_cs")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(ROWS);
        }
      }
      try (Statement s = c.createStatement()) {
        Thread canceller =
            new Thread(
                () -> {
                  try {
                    Thread.sleep(500);
                    s.cancel();
                  } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException(e);
                  }
                });
        canceller.start();
        assertThatThrownBy(() -> s.executeQuery(slow))
            .hasMessageContaining("user request")
            .extracting(e -> ((SQLException) e).getSQLState())
            .isEqualTo("57014");
        canceller.join();
      }
    }
  }

  private static boolean fellBack(Statement s) throws SQLException {
    SQLWarning w = s.getWarnings();
    return w != null && w.getMessage().startsWith("mooncake ran this query on PostgreSQL");
  }

  private static List<String> column(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    while (rs.next()) {
      out.add(rs.getString(1));
    }
    return out;
  }

  @Test
  void unqualifiedMirrorNamesFollowTheSessionSearchPath() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS reports");
      s.execute("CREATE TABLE reports.tally AS SELECT * FROM items WHERE id % 3 = 0");
      s.execute("ALTER TABLE reports.tally ADD PRIMARY KEY (id)");
      // A table has one mirror.
      assertThatThrownBy(() -> s.execute("CALL mooncake.create_table('items_again', 'items')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("already has a mirror")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42710");
      s.execute("CALL mooncake.create_table('reports.items_by_path', 'reports.tally')");
      String q = "SELECT grp, count(*), sum(price) FROM items_by_path GROUP BY grp ORDER BY grp";
      List<String> expected;
      try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(DB));
          Statement p = pg.createStatement();
          ResultSet rs = p.executeQuery(q.replace("items_by_path", "reports.tally"))) {
        expected = new ArrayList<>();
        while (rs.next()) {
          expected.add(
              "Integer "
                  + rs.getInt(1)
                  + " | Long "
                  + rs.getLong(2)
                  + " | BigDecimal "
                  + rs.getBigDecimal(3)
                  + " | ");
        }
      }
      // Not on the default path: PostgreSQL's own answer (no such relation).
      assertThatThrownBy(() -> s.executeQuery(q))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42P01");
      s.execute("SET search_path = reports, public");
      assertThat(rows(c, q)).isEqualTo(expected);
      try (PreparedStatement p = c.prepareStatement(q + " LIMIT ?")) {
        p.setInt(1, 3);
        try (ResultSet rs = p.executeQuery()) {
          int n = 0;
          while (rs.next()) {
            n++;
          }
          assertThat(n).isEqualTo(3);
          assertThat((Object) p.getWarnings()).isNull();
        }
      }
      s.execute("RESET search_path");
      assertThatThrownBy(() -> s.executeQuery(q))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42P01");
      c.setSchema("reports");
      assertThat(rows(c, q)).isEqualTo(expected);
      c.setSchema("public");
      assertThatThrownBy(() -> s.executeQuery(q))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42P01");
      s.execute("CALL mooncake.drop_table('reports.items_by_path')");
      s.execute("DROP TABLE reports.tally");
    }
  }

  @Test
  void withAutocommitOffMirrorQueriesRunOnDuckDbUntilTheTransactionWrites() throws Exception {
    String q = "SELECT grp, count(*), sum(price) FROM items_cs GROUP BY grp ORDER BY grp";
    try (Connection c = DriverManager.getConnection(url)) {
      List<String> expected = rows(c, q);
      c.setAutoCommit(false);
      // The driver's own round trips (freshness, description) open no transaction.
      assertThat(rows(c, q)).isEqualTo(expected);
      assertThat(rows(c, q)).isEqualTo(expected);
      try (Statement s = c.createStatement()) {
        // A transaction that has only read sees what the mirror shows.
        s.executeQuery("SELECT count(*) FROM items").close();
        assertThat(rows(c, q)).isEqualTo(expected);
        s.executeQuery(q).close();
        assertThat(fellBack(s)).as("after a read in the transaction").isFalse();
        s.executeUpdate("UPDATE items SET price = price + 1 WHERE id = 1");
        // Now the transaction has a write only PostgreSQL sees.
        try (ResultSet rs = s.executeQuery(q)) {
          while (rs.next()) {
            if (rs.getInt(1) == 1) {
              assertThat(rs.getBigDecimal(3).toPlainString())
                  .isNotEqualTo(expected.get(1).split(" \\| ")[2].split(" ")[1]);
            }
          }
          assertThat(fellBack(s)).isTrue();
        }
      }
      c.rollback();
      assertThat(rows(c, q)).isEqualTo(expected);
      // A REPEATABLE READ transaction reads its first snapshot: PostgreSQL answers.
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT 1").close();
        s.executeQuery(q).close();
        assertThat(fellBack(s)).as("in REPEATABLE READ").isTrue();
      }
      c.rollback();
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      c.setAutoCommit(true);
    }
  }

  @Test
  void everyPrepareAndExecuteOverloadReadsTheMirror() throws Exception {
    String q = "SELECT grp, count(*), sum(price) FROM items_cs GROUP BY grp ORDER BY grp";
    List<String> expected;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(q.replace("items_cs", "items"))) {
        expected = column(rs);
      }
      List<PreparedStatement> prepared =
          List.of(
              c.prepareStatement(q, Statement.RETURN_GENERATED_KEYS),
              c.prepareStatement(q, new String[] {"grp"}),
              c.prepareStatement(q, ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY),
              c.prepareStatement(
                  q,
                  ResultSet.TYPE_FORWARD_ONLY,
                  ResultSet.CONCUR_READ_ONLY,
                  ResultSet.HOLD_CURSORS_OVER_COMMIT));
      for (PreparedStatement ps : prepared) {
        try (ps;
            ResultSet rs = ps.executeQuery()) {
          assertThat(column(rs)).isEqualTo(expected);
          assertThat(fellBack(ps)).isFalse();
        }
      }
      assertThat(s.execute(q, Statement.RETURN_GENERATED_KEYS)).isTrue();
      assertThat(column(s.getResultSet())).isEqualTo(expected);
      assertThat(s.execute(q, new String[] {"grp"})).isTrue();
      assertThat(column(s.getResultSet())).isEqualTo(expected);

      // A scrollable mirror result scrolls.
      try (Statement scroll =
              c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
          ResultSet rs = scroll.executeQuery("SELECT id FROM items_cs ORDER BY id")) {
        assertThat(rs.last()).isTrue();
        assertThat(rs.getRow()).isEqualTo(ROWS);
        assertThat(rs.getInt(1)).isEqualTo(ROWS);
        assertThat(rs.absolute(3)).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(3);
      }

      // Writes to a mirror fail through every overload.
      for (ThrowingCall write :
          List.<ThrowingCall>of(
              () -> s.executeUpdate("DELETE FROM items_cs", Statement.RETURN_GENERATED_KEYS),
              () -> s.executeUpdate("DELETE FROM items_cs", new int[] {1}),
              () -> s.executeLargeUpdate("DELETE FROM items_cs"),
              () -> s.addBatch("UPDATE items_cs SET grp = 0"),
              () -> c.prepareStatement("DELETE FROM items_cs", Statement.RETURN_GENERATED_KEYS),
              () -> s.execute("EXPLAIN ANALYZE DELETE FROM items_cs"))) {
        assertThatThrownBy(write::call)
            .isInstanceOf(SQLException.class)
            .extracting(e -> ((SQLException) e).getSQLState())
            .isEqualTo("0A000");
      }
    }
  }

  @FunctionalInterface
  interface ThrowingCall {
    void call() throws Exception;
  }

  @Test
  void explainShowsTheRouteTheDuckDbSqlAndItsPlan() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      List<String> plan;
      try (ResultSet rs = s.executeQuery("EXPLAIN SELECT grp, count(*) FROM items_cs GROUP BY 1")) {
        assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("QUERY PLAN");
        assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("text");
        plan = column(rs);
      }
      assertThat(plan.get(0)).isEqualTo("mooncake route: DuckDB over \"public\".\"items_cs\"");
      assertThat(plan.get(1)).startsWith("DuckDB SQL: SELECT grp, count(*) FROM ");
      assertThat(String.join("\n", plan)).contains("Group By").doesNotContain("Time:");

      try (PreparedStatement ps =
          c.prepareStatement("EXPLAIN ANALYZE SELECT count(*) FROM items_cs WHERE grp = ?")) {
        ps.setInt(1, 3);
        try (ResultSet rs = ps.executeQuery()) {
          plan = column(rs);
        }
      }
      assertThat(plan.get(0)).startsWith("mooncake route: DuckDB");
      assertThat(plan.get(2)).startsWith("Freshness wait: ");
      assertThat(plan.get(plan.size() - 1)).startsWith("Execution Time: ");
      assertThat(String.join("\n", plan)).contains("Total Time");

      // A query that falls back is explained by PostgreSQL, on the source, with the warning.
      try (ResultSet rs =
          s.executeQuery("EXPLAIN (COSTS OFF) SELECT sum(price / 3) FROM items_cs")) {
        plan = column(rs);
      }
      assertThat(fellBack(s)).isTrue();
      assertThat(String.join("\n", plan)).contains("Seq Scan on items");

      // Only TEXT is DuckDB's format: others come from PostgreSQL, still with the warning.
      try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) SELECT count(*) FROM items_cs")) {
        assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("json");
        assertThat(column(rs).get(0)).contains("\"Relation Name\": \"items\"");
      }
      assertThat(fellBack(s)).isTrue();

      // EXPLAIN of a query without mirrors is PostgreSQL's, untouched.
      try (ResultSet rs = s.executeQuery("EXPLAIN (COSTS OFF) SELECT * FROM items WHERE id = 1")) {
        assertThat(column(rs).get(0)).startsWith("Index Scan using items_pkey on items");
      }
    }
  }

  @Test
  void withoutTheEngineHereMirrorQueriesReadItsIcebergTables() throws Exception {
    // The same database under another host name is, to this JVM's engine registry, a database
    // whose engine runs elsewhere: engine=off must read, an embedded one must not take over.
    String elsewhere = url.replace("//localhost:", "//127.0.0.1:");
    String q = "SELECT grp, count(*), sum(price) FROM {t} GROUP BY grp ORDER BY grp";
    List<String> expected;
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(DB));
        Statement s = pg.createStatement();
        ResultSet rs = s.executeQuery(q.replace("{t}", "items"))) {
      expected = column(rs);
    }
    for (String u : List.of(elsewhere + "&engine=off", elsewhere)) {
      try (Connection c = DriverManager.getConnection(u);
          Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery(q.replace("{t}", "items_cs"))) {
          assertThat(column(rs)).as(u).isEqualTo(expected);
        }
        assertThat(fellBack(s)).as(u).isFalse();
        assertThatThrownBy(() -> s.executeUpdate("DELETE FROM items_cs"))
            .extracting(e -> ((SQLException) e).getSQLState())
            .isEqualTo("0A000");
        try (PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM items_cs WHERE grp = ?")) {
          ps.setInt(1, 2);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(ROWS / 7 + (ROWS % 7 >= 2 ? 1 : 0));
          }
          assertThat((Object) ps.getWarnings()).isNull();
        }
      }
    }
  }

  @Test
  void fallbackErrorRefusesWhatDuckDbCannotAnswer() throws Exception {
    try (Connection c = DriverManager.getConnection(url + "&fallback=error");
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT sum(price / 3) FROM items_cs"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("fallback=error")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("0A000");
      // The connection goes on; what DuckDB answers is answered.
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM items_cs")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(ROWS);
      }
      // A plain EXPLAIN runs nothing, so it may show the PostgreSQL route.
      try (ResultSet rs = s.executeQuery("EXPLAIN SELECT sum(price / 3) FROM items_cs")) {
        assertThat(rs.next()).isTrue();
      }
    }
    assertThatThrownBy(() -> DriverManager.getConnection(url + "&fallback=maybe"))
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("22023");
  }

  @Test
  void largeAnswersComeInChunksWithFetchSizeAndMaxRows() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement a = c.createStatement();
        Statement b = c.createStatement()) {
      a.setFetchSize(1000);
      // Two results of one connection open at once, read in turns: each keeps its own rows.
      try (ResultSet first = a.executeQuery("SELECT id, label FROM items_cs ORDER BY id");
          ResultSet second = b.executeQuery("SELECT id FROM items_cs ORDER BY id DESC")) {
        assertThat(first.isBeforeFirst()).isTrue();
        long sumFirst = 0;
        long sumSecond = 0;
        int n = 0;
        while (first.next()) {
          n++;
          assertThat(first.getRow()).isEqualTo(n);
          assertThat(first.getInt(1)).isEqualTo(n);
          assertThat(first.getString("label")).isEqualTo("item " + n);
          assertThat(first.isFirst()).isEqualTo(n == 1);
          assertThat(first.isLast()).isEqualTo(n == ROWS);
          sumFirst += first.getInt(1);
          if (second.next()) {
            assertThat(second.getInt(1)).isEqualTo(ROWS + 1 - n);
            sumSecond += second.getInt(1);
          }
        }
        assertThat(n).isEqualTo(ROWS);
        assertThat(first.isAfterLast()).isTrue();
        assertThat(first.next()).isFalse();
        assertThat(sumFirst).isEqualTo(sumSecond).isEqualTo((long) ROWS * (ROWS + 1) / 2);
      }

      a.setMaxRows(12_345);
      try (ResultSet rs = a.executeQuery("SELECT id FROM items_cs")) {
        int n = 0;
        while (rs.next()) {
          n++;
        }
        assertThat(n).isEqualTo(12_345);
      }
      // Executing again closes the statement's previous result.
      ResultSet open = b.executeQuery("SELECT id FROM items_cs");
      b.executeQuery("SELECT 1 FROM items_cs LIMIT 1").close();
      assertThat(open.isClosed()).isTrue();
    }
  }
}
