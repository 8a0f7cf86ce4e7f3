package io.mooncake.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which averages run on DuckDB, and PostgreSQL's digits from DuckDB's macro. */
class ExactAveragesTest {

  private static final QueryPlanner PLANNER =
      new QueryPlanner(MirrorCatalog.builder().mirror("public", "orders", "mc_orders").build());

  private static QueryPlan plan(String sql) {
    return PLANNER.plan(sql, SearchPath.DEFAULT);
  }

  @Test
  void wholeOutputColumnsOfTheOutermostSelectAreMarked() {
    QueryPlan.MirrorQuery q =
        (QueryPlan.MirrorQuery)
            plan(
                "SELECT status, avg(amount) AS m, avg(DISTINCT id), count(*) FROM orders"
                    + " GROUP BY status ORDER BY 1");
    assertThat(q.averages()).extracting(QueryPlan.ExactAverage::column).containsExactly(1, 2);
    assertThat(q.duckDbSql(i -> true))
        .isEqualTo(
            "SELECT status, mooncake_avg(sum(amount)::VARCHAR, count(amount)) AS m,"
                + " mooncake_avg(sum(DISTINCT id)::VARCHAR, count(DISTINCT id)), count(*)"
                + " FROM mc_orders AS \"orders\" GROUP BY status ORDER BY 1");
    // Averages of floats stay DuckDB's (double precision, as in PostgreSQL).
    assertThat(q.duckDbSql(i -> false)).isEqualTo(q.duckDbSql());
    assertThat(q.duckDbSql()).contains("avg(amount) AS m");
  }

  @Test
  void averagesUsedAsValuesAreRefused() {
    for (String sql :
        List.of(
            "SELECT avg(amount) + 1 FROM orders",
            "SELECT status, avg(amount) AS m FROM orders GROUP BY status ORDER BY m",
            "SELECT status, avg(amount) FROM orders GROUP BY status ORDER BY 2 DESC",
            "SELECT avg(amount) FILTER (WHERE id > 1) FROM orders",
            "SELECT DISTINCT avg(amount) FROM orders",
            "SELECT avg(amount) FROM orders UNION ALL SELECT 1",
            "SELECT m FROM (SELECT avg(amount) AS m FROM orders) s",
            "SELECT *, avg(amount) FROM orders GROUP BY id",
            "SELECT avg(amount + ?) FROM orders",
            "SELECT avg(amount) OVER () FROM orders")) {
      QueryPlan p = plan(sql);
      assertThat(p).as(sql).isInstanceOf(QueryPlan.CannotTranslate.class);
      assertThat(((QueryPlan.CannotTranslate) p).reason()).as(sql).contains("avg()");
    }
  }

  @Test
  void theMacroGivesPostgresqlsDigits() throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      for (String setting : DuckDbSession.SETTINGS) {
        s.execute(setting);
      }
      // Each value as PostgreSQL 15 to 18 print avg() of the same rows.
      String[][] cases = {
        {"(1), (2)", "INTEGER", "1.5000000000000000"},
        {"(-1), (-2)", "INTEGER", "-1.5000000000000000"},
        {"(1.00), (2.00), (2.00)", "DECIMAL(10,2)", "1.6666666666666667"},
        {"(0), (0)", "BIGINT", "0.00000000000000000000"},
        {"(7)", "SMALLINT", "7.0000000000000000"},
        {"(123456789), (987654321)", "INTEGER", "555555555.00000000"},
        {"(0.000001), (0.000002)", "DECIMAL(20,10)", "0.000001500000000000000000"},
        {"(NULL)", "INTEGER", null},
      };
      for (String[] c : cases) {
        String sql =
            "SELECT mooncake_avg(sum(x)::VARCHAR, count(x)) FROM (VALUES "
                + c[0]
                + ") t(x0), LATERAL (SELECT x0::"
                + c[1]
                + " AS x)";
        List<String> got = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            got.add(rs.getString(1));
          }
        }
        assertThat(got).as(c[0] + " " + c[1]).containsExactly(c[2]);
      }
    }
  }
}
