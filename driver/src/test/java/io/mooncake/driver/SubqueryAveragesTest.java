package io.mooncake.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooncake.calcite.DuckDbSession;
import io.mooncake.calcite.MirrorCatalog;
import io.mooncake.calcite.QueryPlan;
import io.mooncake.calcite.QueryPlanner;
import io.mooncake.calcite.SearchPath;
import io.mooncake.engine.PgText;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * avg() in a compared scalar subquery, computed by DuckDB through the planner's rewrite: its value
 * is PostgreSQL's (sum / count at PostgreSQL's scale, {@link PgText#quotient}, itself checked
 * against PostgreSQL), to the last digit, for sums and counts of many sizes and scales.
 */
class SubqueryAveragesTest {

  private static Connection duck;

  @BeforeAll
  static void open() throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      for (String setting : DuckDbSession.SETTINGS) {
        s.execute(setting);
      }
    }
  }

  @AfterAll
  static void close() throws SQLException {
    duck.close();
  }

  /**
   * The DuckDB query the planner makes of a comparison with the average of a mirror {@code vals}
   * whose rows sum to {@code sum} (of scale {@code scale}) and count {@code count}.
   */
  private static String compared(String probe, BigDecimal sum, long count, int scale) {
    String type = scale < 0 ? "HUGEINT" : "DECIMAL(38," + scale + ")";
    String relation =
        "(SELECT CASE WHEN i = 0 THEN CAST('"
            + sum.toPlainString()
            + "' AS "
            + type
            + ") ELSE CAST(0 AS "
            + type
            + ") END AS v FROM range("
            + count
            + ") t(i))";
    return planned(
        relation,
        "SELECT count(*) FROM (SELECT CAST('"
            + probe
            + "' AS numeric(38,20)) AS p) probe WHERE p = (SELECT avg(v) FROM vals)");
  }

  private static long count(String sql) throws SQLException {
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void averagesArePostgresqlsToTheLastDigit() throws SQLException {
    Random random = new Random(20261208);
    int checked = 0;
    for (int round = 0; round < 300; round++) {
      int scale = round % 7 == 0 ? -1 : random.nextInt(7);
      int digits = 1 + random.nextInt(18);
      BigDecimal sum =
          new BigDecimal(new java.math.BigInteger(digits * 4, random), Math.max(scale, 0));
      if (random.nextBoolean()) {
        sum = sum.negate();
      }
      long count = 1 + (long) Math.pow(10, random.nextInt(6)) * (1 + random.nextInt(9));
      BigDecimal expected = new BigDecimal(PgText.quotient(sum, BigDecimal.valueOf(count)));
      if (expected.scale() > 20 || expected.precision() - expected.scale() > 18) {
        // DuckDB's DECIMAL(38,20) cannot hold it: the query fails, and runs on PostgreSQL
        String sql = compared("0", sum, count, scale);
        assertThatThrownBy(() -> count(sql)).isInstanceOf(SQLException.class);
        continue;
      }
      String probe = expected.setScale(20).toPlainString();
      assertThat(count(compared(probe, sum, count, scale)))
          .as("avg of sum %s over %d rows is %s", sum, count, expected)
          .isEqualTo(1);
      String next = expected.setScale(20).add(new BigDecimal("1E-20")).toPlainString();
      assertThat(count(compared(next, sum, count, scale))).isZero();
      checked++;
    }
    assertThat(checked).isGreaterThan(200);
  }

  /** The DuckDB query the planner makes of {@code sql} over mirror {@code vals}. */
  private static String planned(String relation, String sql) {
    MirrorCatalog catalog = MirrorCatalog.builder().mirror("public", "vals", relation).build();
    return ((QueryPlan.MirrorQuery) new QueryPlanner(catalog).plan(sql, SearchPath.DEFAULT))
        .duckDbSql();
  }

  @Test
  void anAverageOfFloatsFails() {
    String sql =
        planned(
            "(SELECT i * 0.5::DOUBLE AS v FROM range(10) t(i))",
            "SELECT count(*) FROM vals a WHERE a.v > (SELECT avg(v) FROM vals)");
    assertThatThrownBy(() -> count(sql)).hasMessageContaining("floating-point");
  }

  @Test
  void anAverageOfNothingIsNull() throws SQLException {
    String sql =
        planned(
            "(SELECT CAST(i AS DECIMAL(10,2)) AS v FROM range(3) t(i))",
            "SELECT count(*) FROM vals a WHERE a.v < (SELECT avg(v) FROM vals WHERE v > 5) OR a.v"
                + " > (SELECT avg(v) FROM vals)");
    assertThat(count(sql)).isEqualTo(1);
  }
}
