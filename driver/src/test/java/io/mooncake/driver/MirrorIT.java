package io.mooncake.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user's session with mirrors, through the driver only: create, read, write, drop. */
class MirrorIT {

  private static final EmbeddedPg PG = PgFixture.get();

  private static String url(String db, Path warehouse) {
    return PG.mooncakeUrl(db) + "&warehouse=" + warehouse + "&flushInterval=500ms";
  }

  /** Every row of a query, with the Java class of each value, in order. */
  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      StringBuilder head = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        head.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append(' ');
      }
      out.add(head.toString());
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object v = rs.getObject(i);
          row.append(v == null ? "null" : v.getClass().getSimpleName() + " " + v).append(" | ");
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  @Test
  void mirrorAnswersAsTheSourceAndSeesThisSessionsWrites() throws Exception {
    String db = PG.createDatabase("driver_mirror");
    Path warehouse = Files.createTempDirectory("mooncake-warehouse");
    try (Connection c = DriverManager.getConnection(url(db, warehouse));
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE orders (id int PRIMARY KEY, region text, amount numeric(10,2),"
              + " score float8, at timestamptz, day date, tags text[])");
      s.execute(
          "INSERT INTO orders SELECT g, (ARRAY['n','s','e','w'])[1 + g % 4], g * 0.25, g / 3.0,"
              + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour',"
              + " date '2024-01-01' + g % 30, ARRAY['t' || g % 3] FROM generate_series(1, 3000) g");

      assertThat(s.execute("CALL mooncake.create_table('orders_cs', 'orders')")).isFalse();
      assertThat(s.getUpdateCount()).isZero();

      String[] queries = {
        "SELECT region, count(*), sum(amount), min(day), max(at) FROM {t} GROUP BY region"
            + " ORDER BY region",
        "SELECT id, amount, score, at, day, tags FROM {t} WHERE id % 500 = 0 ORDER BY id",
        "SELECT count(*) FILTER (WHERE amount > 100) AS big, avg(score) FROM {t}",
      };
      for (String q : queries) {
        assertThat(rows(c, q.replace("{t}", "orders_cs")))
            .as(q)
            .isEqualTo(rows(c, q.replace("{t}", "orders")));
      }

      // A numeric division is exact in PostgreSQL, floating point in DuckDB: the answer comes
      // from PostgreSQL (with a warning), never with other digits.
      String division = "SELECT id, amount / 3 AS third FROM {t} WHERE id % 1000 = 7 ORDER BY id";
      assertThat(rows(c, division.replace("{t}", "orders_cs")))
          .isEqualTo(rows(c, division.replace("{t}", "orders")));

      // The fallback says why; reading the warnings twice gives the same chain, and the next
      // query that DuckDB answers has none of mooncake's.
      try (Statement w = c.createStatement()) {
        w.executeQuery("SELECT sum(amount / 3) FROM orders_cs").close();
        java.sql.SQLWarning first = w.getWarnings();
        assertThat(first != null).as("a warning").isTrue();
        assertThat(first.getMessage()).startsWith("mooncake ran this query on PostgreSQL");
        int links = 0;
        for (java.sql.SQLWarning x = w.getWarnings();
            x != null && links < 10;
            x = x.getNextWarning()) {
          links++;
        }
        assertThat(links).isEqualTo(1);
        w.executeQuery("SELECT count(*) FROM orders_cs").close();
        assertThat(w.getWarnings() == null).as("no warning").isTrue();
      }

      // The session's time zone, changed after the first mirror query, is followed.
      s.execute("SET TimeZone = 'Asia/Kolkata'");
      String zoned = "SELECT id, at, at::date AS day FROM {t} WHERE id % 700 = 1 ORDER BY id";
      assertThat(rows(c, zoned.replace("{t}", "orders_cs")))
          .isEqualTo(rows(c, zoned.replace("{t}", "orders")));
      s.execute("RESET TimeZone");

      // Read-your-writes: the next query sees what this session just committed.
      s.executeUpdate("INSERT INTO orders (id, region, amount) VALUES (5000, 'x', 1.5)");
      s.executeUpdate("UPDATE orders SET amount = 7 WHERE id = 1");
      s.executeUpdate("DELETE FROM orders WHERE id = 2");
      assertThat(
              rows(
                  c,
                  "SELECT id, region, amount FROM orders_cs WHERE id IN (1, 2, 5000)"
                      + " ORDER BY id"))
          .isEqualTo(
              rows(
                  c,
                  "SELECT id, region, amount FROM orders WHERE id IN (1, 2, 5000)"
                      + " ORDER BY id"));

      // The same query again and again (DuckDB keeps it prepared) sees each change: rows in the
      // mem slice, the mem slice written to a file, deleted positions of that file.
      String again = "SELECT count(*), sum(amount) FROM {t} WHERE id > 2500";
      String[] changes = {
        "INSERT INTO orders (id, region, amount) VALUES (6000, 'y', 2.5)",
        "CALL mooncake.create_snapshot('orders_cs')",
        "DELETE FROM orders WHERE id IN (2999, 6000)",
        "UPDATE orders SET amount = amount + 1 WHERE id > 2990",
      };
      for (String change : changes) {
        s.execute(change);
        assertThat(rows(c, again.replace("{t}", "orders_cs")))
            .as("after " + change)
            .isEqualTo(rows(c, again.replace("{t}", "orders")));
      }
      // Two results of the same query open at once each read their own rows.
      String list = "SELECT id FROM orders_cs WHERE id BETWEEN 2991 AND 3000 ORDER BY id";
      try (Statement a = c.createStatement();
          Statement b = c.createStatement();
          ResultSet first = a.executeQuery(list);
          ResultSet second = b.executeQuery(list)) {
        List<Integer> fromFirst = new ArrayList<>();
        List<Integer> fromSecond = new ArrayList<>();
        while (first.next() & second.next()) {
          fromFirst.add(first.getInt(1));
          fromSecond.add(second.getInt(1));
        }
        assertThat(fromFirst).hasSize(9).isEqualTo(fromSecond);
      }

      // Prepared statements reach the mirror too (parameters in order).
      try (PreparedStatement ps =
          c.prepareStatement("SELECT count(*) FROM orders_cs WHERE amount > ? AND region = ?")) {
        ps.setBigDecimal(1, new java.math.BigDecimal("100"));
        ps.setString(2, "n");
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          try (ResultSet expected =
              s.executeQuery("SELECT count(*) FROM orders WHERE amount > 100 AND region = 'n'")) {
            expected.next();
            assertThat(rs.getLong(1)).isEqualTo(expected.getLong(1));
          }
        }
      }

      // A mirror is read-only.
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM orders_cs"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("0A000");

      // DB tools see the mirror as a table, with its source's columns.
      java.sql.DatabaseMetaData md = c.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "public", "orders%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(
              rs.getString("TABLE_NAME")
                  + " "
                  + rs.getString("TABLE_TYPE")
                  + " "
                  + rs.getString("REMARKS"));
        }
      }
      assertThat(tables)
          .containsExactly("orders TABLE null", "orders_cs TABLE mooncake mirror of public.orders");
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, "public", "orders\\_cs", null)) {
        while (rs.next()) {
          columns.add(
              rs.getString("TABLE_NAME")
                  + "."
                  + rs.getString("COLUMN_NAME")
                  + ":"
                  + rs.getString("TYPE_NAME")
                  + "#"
                  + rs.getInt("ORDINAL_POSITION"));
          assertThat(rs.getStatement().getConnection()).isSameAs(c);
        }
      }
      assertThat(columns)
          .containsExactly(
              "orders_cs.id:int4#1",
              "orders_cs.region:text#2",
              "orders_cs.amount:numeric#3",
              "orders_cs.score:float8#4",
              "orders_cs.at:timestamptz#5",
              "orders_cs.day:date#6",
              "orders_cs.tags:_text#7");

      // Status is visible.
      try (ResultSet rs =
          s.executeQuery(
              "SELECT table_name, source_table, state, location FROM mooncake.columnstore_tables")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("orders_cs");
        assertThat(rs.getString(2)).isEqualTo("orders");
        assertThat(rs.getString(3)).isEqualTo("streaming");
        assertThat(Path.of(rs.getString(4))).startsWith(warehouse);
      }

      // Errors of the procedures.
      assertThatThrownBy(() -> s.execute("CALL mooncake.create_table('orders_cs', 'orders')"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42P07");
      assertThatThrownBy(() -> s.execute("CALL mooncake.create_table('x', 'nope')"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42P01");
      assertThatThrownBy(() -> s.execute("CALL mooncake.create_table('x')"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("22023");
      c.setAutoCommit(false);
      s.executeQuery("SELECT 1").close();
      assertThatThrownBy(() -> s.execute("CALL mooncake.create_snapshot('orders_cs')"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("25001");
      c.rollback();
      c.setAutoCommit(true);

      try (PreparedStatement ps = c.prepareStatement("CALL mooncake.create_snapshot(?)")) {
        ps.setString(1, "orders_cs");
        assertThat(ps.execute()).isFalse();
      }
      s.execute("CALL mooncake.drop_table('orders_cs')");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM mooncake.columnstore_tables")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
      // Without its mirror, the name is just an unknown table again.
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM orders_cs"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42P01");
    }
  }

  /** The rows of {@code sql}, and whether it ran on DuckDB (no fallback warning). */
  private record Answer(List<String> rows, String warning) {}

  private static Answer answer(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.append(md.getColumnLabel(i)).append('=').append(rs.getString(i)).append(' ');
        }
        out.add(row.toString());
      }
      return new Answer(out, s.getWarnings() == null ? null : s.getWarnings().getMessage());
    }
  }

  @Test
  void schemaChangesWithNoWriteAfterThemAreVisibleToTheNextQuery() throws Exception {
    String db = PG.createDatabase("driver_ddl");
    Path warehouse = Files.createTempDirectory("mooncake-warehouse");
    try (Connection c = DriverManager.getConnection(url(db, warehouse));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int PRIMARY KEY, v numeric(10,2), w int, gone text)");
      s.execute("INSERT INTO t SELECT g, g * 1.5, g, 'x' FROM generate_series(1, 500) g");
      s.execute("CALL mooncake.create_table('t_cs', 't')");
      String query = "SELECT * FROM {t} WHERE id % 50 = 1 ORDER BY id";
      String[][] steps = {
        {"ALTER TABLE t ADD COLUMN note text DEFAULT 'hello'"},
        {"ALTER TABLE t RENAME COLUMN w TO w2"},
        {"ALTER TABLE t DROP COLUMN gone"},
      };
      for (String[] step : steps) {
        for (String ddl : step) {
          s.execute(ddl);
        }
        Answer mirror = answer(c, query.replace("{t}", "t_cs"));
        assertThat(mirror.rows())
            .as(step[0])
            .isEqualTo(answer(c, query.replace("{t}", "t")).rows());
        assertThat(mirror.warning()).as("ran on DuckDB after " + step[0]).isNull();
      }
      // A type change rewrites the table without logging rows: the mirror is copied again.
      // Meanwhile its queries run on the source, so every answer is right.
      s.execute("ALTER TABLE t ALTER COLUMN v TYPE numeric(12,4)");
      Answer expected = answer(c, query.replace("{t}", "t"));
      assertThat(expected.rows().get(0)).contains("v=1.5000");
      long deadline = System.nanoTime() + 60_000_000_000L;
      Answer mirror;
      do {
        mirror = answer(c, query.replace("{t}", "t_cs"));
        assertThat(mirror.rows()).isEqualTo(expected.rows());
        if (mirror.warning() != null) {
          assertThat(mirror.warning()).contains("being copied again", "type of column v changed");
          Thread.sleep(50);
        }
      } while (mirror.warning() != null && System.nanoTime() < deadline);
      assertThat(mirror.warning()).as("back on DuckDB once copied").isNull();
      try (ResultSet rs = s.executeQuery("SELECT state, rows FROM mooncake.columnstore_tables")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("streaming");
      }
      s.execute("INSERT INTO t (id, v, w2) VALUES (1001, 2.12345, 7)");
      assertThat(answer(c, "SELECT sum(v), count(note) FROM t_cs").rows())
          .isEqualTo(answer(c, "SELECT sum(v), count(note) FROM t").rows());
    }
  }

  @Test
  void joinedPostgresqlTablesAreFetchedWithTheQuerysFiltersOnThem() throws Exception {
    String db = PG.createDatabase("driver_pushdown");
    Path warehouse = Files.createTempDirectory("mooncake-warehouse");
    try (Connection c = DriverManager.getConnection(url(db, warehouse));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer int, amount numeric(10,2))");
      s.execute("INSERT INTO orders SELECT g, g % 500, g * 0.5 FROM generate_series(1, 5000) g");
      s.execute("CREATE TABLE customers (id int PRIMARY KEY, region text, vip boolean)");
      s.execute(
          "INSERT INTO customers SELECT g, (ARRAY['n','s','e','w'])[1 + g % 4], g % 7 = 0"
              + " FROM generate_series(0, 499) g");
      s.execute("CALL mooncake.create_table('orders_cs', 'orders')");
      String query =
          "SELECT c.region, count(*), sum(o.amount) FROM {t} o JOIN customers c ON c.id ="
              + " o.customer WHERE c.vip AND c.region IN ('n', 's') AND o.amount > 10"
              + " GROUP BY c.region ORDER BY c.region";
      Answer mirror = answer(c, query.replace("{t}", "orders_cs"));
      assertThat(mirror.warning()).isNull();
      assertThat(mirror.rows()).isEqualTo(answer(c, query.replace("{t}", "orders")).rows());
      List<String> plan = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("EXPLAIN " + query.replace("{t}", "orders_cs"))) {
        while (rs.next()) {
          plan.add(rs.getString(1));
        }
      }
      assertThat(plan)
          .contains(
              "PostgreSQL table fetched for DuckDB: SELECT \"id\", \"region\", \"vip\" FROM"
                  + " \"customers\" AS \"c\" WHERE (c.vip) AND (c.region IN ('n', 's'))");
    }
  }

  @Test
  void aRevokedPrivilegeIsSeenByTheNextQueryOnAMirror() throws Exception {
    String db = PG.createDatabase("driver_privileges");
    Path warehouse = Files.createTempDirectory("mooncake-warehouse");
    try (Connection admin = DriverManager.getConnection(url(db, warehouse));
        Statement s = admin.createStatement()) {
      s.execute("CREATE TABLE secrets (id int PRIMARY KEY, v text)");
      s.execute("INSERT INTO secrets SELECT g, 'v' || g FROM generate_series(1, 100) g");
      s.execute("CALL mooncake.create_table('secrets_cs', 'secrets')");
      s.execute("DROP ROLE IF EXISTS mooncake_reader");
      s.execute("CREATE ROLE mooncake_reader LOGIN");
      s.execute("GRANT SELECT ON secrets TO mooncake_reader");
      String readerUrl =
          url(db, warehouse)
              .replace("user=" + io.mooncake.testkit.EmbeddedPg.USER, "user=mooncake_reader");
      try (Connection reader = DriverManager.getConnection(readerUrl)) {
        String query = "SELECT count(*), max(v) FROM secrets_cs WHERE id > 10";
        for (int i = 0; i < 3; i++) {
          Answer a = answer(reader, query);
          assertThat(a.warning()).isNull();
          assertThat(a.rows()).containsExactly("count=90 max=v99 ");
        }
        s.execute("REVOKE SELECT ON secrets FROM mooncake_reader");
        assertThatThrownBy(() -> answer(reader, query))
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        // Row security: the mirror holds every row, so PostgreSQL answers, with its policies.
        s.execute("GRANT SELECT ON secrets TO mooncake_reader");
        s.execute("ALTER TABLE secrets ENABLE ROW LEVEL SECURITY");
        s.execute("CREATE POLICY few ON secrets FOR SELECT TO mooncake_reader USING (id <= 20)");
        Answer limited = answer(reader, query);
        assertThat(limited.rows()).containsExactly("count=10 max=v20 ");
        assertThat(limited.warning()).contains("row security");
      } finally {
        s.execute("DROP OWNED BY mooncake_reader");
        s.execute("DROP ROLE mooncake_reader");
      }
    }
  }
}
