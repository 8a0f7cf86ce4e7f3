package io.mooncake.sqltests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query of {@code corpus/} twice: through PgJDBC on the source tables, and through mooncake
 * on their mirrors (table names {@code orders} and {@code customers} replaced by the mirrors'),
 * after the data was written: the same columns, types, Java classes and values. A query the driver
 * cannot run on DuckDB runs on PostgreSQL with a warning: still the same answer.
 */
class DifferentialIT {

  private static final EmbeddedPg PG = PgFixture.get();
  private static final String DB = PG.createDatabase("differential");

  private static String mooncakeUrl;

  @BeforeAll
  static void setUp() throws Exception {
    try (Connection c = DriverManager.getConnection(PG.jdbcUrl(DB));
        Statement s = c.createStatement()) {
      s.execute(Files.readString(corpus().resolve("setup.sql")));
    }
    mooncakeUrl =
        PG.mooncakeUrl(DB) + "&warehouse=" + Files.createTempDirectory("sql-tests-warehouse");
    try (Connection c = DriverManager.getConnection(mooncakeUrl);
        Statement s = c.createStatement()) {
      s.execute("CALL mooncake.create_table('customers_cs', 'customers')");
      s.execute("CALL mooncake.create_table('orders_cs', 'orders')");
      // Changes after the copy: the mirrors must follow them.
      s.execute("UPDATE orders SET amount = amount + 1 WHERE id % 10 = 0");
      s.execute("DELETE FROM orders WHERE id % 97 = 0");
      s.execute("INSERT INTO customers VALUES (1000, 'late', 'north', date '2024-06-01')");
    }
  }

  /** The query on the mirrors instead of the source tables (names after FROM or JOIN). */
  private static String onMirrors(String sql) {
    return sql.replaceAll("(?i)\\b(FROM|JOIN)(\\s+)(orders|customers)\\b", "$1$2$3_cs");
  }

  static Stream<String> queries() throws Exception {
    try (Stream<Path> files = Files.list(corpus())) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".sql") && !n.equals("setup.sql"))
          .sorted()
          .collect(Collectors.toList())
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void sameAnswer(String file) throws Exception {
    String sql = Files.readString(corpus().resolve(file));
    List<String> expected = answer(PG.jdbcUrl(DB), sql);
    List<String> actual = answer(mooncakeUrl, onMirrors(sql));

    assertThat(expected).as("the query returns rows").hasSizeGreaterThan(1);
    assertThat(actual).isEqualTo(expected);
  }

  /** The header (names, types) and the rows; unordered queries as a sorted multiset. */
  private static List<String> answer(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      if (url.startsWith("jdbc:mooncake:")) {
        java.sql.SQLWarning w = s.getWarnings();
        // Which route answered: visible in the test output, for the corpus' progress.
        System.out.println(
            "route: "
                + (w != null && w.getMessage().startsWith("mooncake ran this query on PostgreSQL")
                    ? "PostgreSQL fallback (" + w.getMessage() + ")"
                    : "DuckDB")
                + " <- "
                + sql.replaceAll("\\s+", " ").trim());
      }
      ResultSetMetaData md = rs.getMetaData();
      StringBuilder header = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        header
            .append(md.getColumnLabel(i))
            .append(':')
            .append(md.getColumnTypeName(i))
            .append(':')
            .append(md.getColumnClassName(i))
            .append(' ');
      }
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.append(cell(rs.getObject(i))).append(" | ");
        }
        rows.add(row.toString());
      }
      if (!sql.toUpperCase(Locale.ROOT).contains("ORDER BY")) {
        rows.sort(null);
      }
      rows.add(0, header.toString());
      return rows;
    }
  }

  private static String cell(Object v) throws SQLException {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Array) {
      return "array " + Arrays.deepToString((Object[]) ((Array) v).getArray());
    }
    return v.getClass().getSimpleName() + " " + v;
  }

  private static Path corpus() throws URISyntaxException, IOException {
    return Path.of(DifferentialIT.class.getResource("/corpus").toURI());
  }
}
