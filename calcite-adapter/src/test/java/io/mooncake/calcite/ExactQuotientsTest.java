package io.mooncake.calcite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which quotients DuckDB hands over exactly, and what it hands over. */
class ExactQuotientsTest {

  private static final QueryPlanner PLANNER =
      new QueryPlanner(MirrorCatalog.builder().mirror("public", "orders", "mc_orders").build());

  private static QueryPlan.MirrorQuery plan(String sql) {
    return (QueryPlan.MirrorQuery) PLANNER.plan(sql, SearchPath.DEFAULT);
  }

  @Test
  void quotientsThatAreWholeOutputColumnsAreMarked() {
    QueryPlan.MirrorQuery q =
        plan(
            "SELECT status, sum(amount) / count(*) AS m, 100.00 * sum(amount) / sum(id) share,"
                + " amount / orders.id, -amount / 3 FROM orders GROUP BY status, amount, id");
    assertThat(q.quotients())
        .extracting(QueryPlan.ExactQuotient::column)
        .containsExactly(1, 2, 3, 4);
    String duck = q.duckDbSql(i -> i == 1);
    assertThat(duck)
        .startsWith(
            "SELECT status, if((typeof((sum(amount))) LIKE 'DECIMAL%' OR typeof((sum(amount)))"
                + " IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT')) AND")
        .contains("CAST((sum(amount)) AS VARCHAR) || '/' || CAST((count(*)) AS VARCHAR)")
        .contains("error('column 2: DuckDB has no exact operands to divide')) AS m,")
        .contains("100.00 * sum(amount) / sum(id) share");
    // Columns PostgreSQL does not describe as numeric stay DuckDB's division.
    assertThat(q.duckDbSql(i -> false)).isEqualTo(q.duckDbSql());
  }

  @Test
  void quotientsInsideExpressionsOrReferencedAreNotMarked() {
    for (String sql :
        List.of(
            "SELECT sum(amount) / count(*) + 1 FROM orders",
            "SELECT sum(amount) / count(*) * 2 FROM orders",
            "SELECT round(sum(amount) / count(*), 2) FROM orders",
            "SELECT (sum(amount) / count(*))::numeric(10,2) FROM orders",
            "SELECT status, sum(amount) / count(*) AS m FROM orders GROUP BY status ORDER BY m",
            "SELECT status, sum(amount) / count(*) FROM orders GROUP BY status ORDER BY 2",
            "SELECT DISTINCT amount / 3 FROM orders",
            "SELECT amount / 3 FROM orders UNION ALL SELECT 1",
            "SELECT amount / ? FROM orders",
            "SELECT amount / 3 > 1 FROM orders",
            "SELECT CASE WHEN id > 1 THEN amount ELSE 0 END / 3 FROM orders",
            "SELECT m FROM (SELECT amount / 3 AS m FROM orders) s")) {
      QueryPlan p = PLANNER.plan(sql, SearchPath.DEFAULT);
      if (p instanceof QueryPlan.MirrorQuery q) {
        assertThat(q.quotients()).as(sql).isEmpty();
      }
    }
  }

  @Test
  void duckDbHandsOverExactOperandsOrFails() throws SQLException {
    QueryPlan.MirrorQuery q =
        plan("SELECT sum(amount) / count(*), amount / 3 AS third FROM orders GROUP BY amount");
    QueryPlan.MirrorQuery floats = plan("SELECT sum(amount) / sum(ratio) AS r FROM orders");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      for (String setting : DuckDbSession.SETTINGS) {
        s.execute(setting);
      }
      s.execute("CREATE TABLE mc_orders (id INTEGER, amount DECIMAL(10,2), ratio DOUBLE)");
      s.execute("INSERT INTO mc_orders VALUES (1, 1.50, 0.5), (2, NULL, 1.5)");
      try (ResultSet rs = s.executeQuery(q.duckDbSql(i -> true) + " ORDER BY amount NULLS FIRST")) {
        rs.next();
        assertThat(rs.getString(1)).as("a NULL operand").isNull();
        assertThat(rs.getString(2)).isNull();
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("1.50/1");
        assertThat(rs.getString(2)).isEqualTo("1.50/3");
      }
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("CREATE TABLE mc_orders (id INTEGER, amount DECIMAL(10,2), ratio DOUBLE)");
      s.execute("INSERT INTO mc_orders VALUES (1, 1.50, 0.5)");
      assertThatThrownBy(() -> s.executeQuery(floats.duckDbSql(i -> true)).close())
          .hasMessageContaining("column 1: DuckDB has no exact operands to divide");
    }
  }
}
