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
            "SELECT status, (sum(amount)::VARCHAR || '/' || count(amount)) AS m,"
                + " (sum(DISTINCT id)::VARCHAR || '/' || count(DISTINCT id)), count(*)"
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
  void duckDbHandsOverTheExactSumAndCount() throws SQLException {
    QueryPlan.MirrorQuery q =
        (QueryPlan.MirrorQuery) plan("SELECT avg(amount), avg(id) AS i FROM orders");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      for (String setting : DuckDbSession.SETTINGS) {
        s.execute(setting);
      }
      s.execute("CREATE TABLE mc_orders (id INTEGER, amount DECIMAL(10,2))");
      s.execute("INSERT INTO mc_orders VALUES (1, 1.00), (2, 2.00), (3, 2.00), (4, NULL)");
      List<String> got = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(q.duckDbSql(i -> true))) {
        rs.next();
        got.add(rs.getString(1));
        got.add(rs.getString(2));
      }
      assertThat(got).containsExactly("5.00/3", "10/4");
      s.execute("DELETE FROM mc_orders");
      try (ResultSet rs = s.executeQuery(q.duckDbSql(i -> true))) {
        rs.next();
        assertThat(rs.getString(1)).as("avg of nothing").isNull();
      }
    }
  }
}
