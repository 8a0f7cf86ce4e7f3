package io.mooncake.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which averages in subqueries DuckDB computes exactly, and which stay PostgreSQL's. */
class SubqueryAveragesShapeTest {

  private static final MirrorCatalog CATALOG =
      MirrorCatalog.builder().mirror("public", "lineitem", "mc_l").build();

  private static QueryPlan plan(String sql) {
    return new QueryPlanner(CATALOG).plan(sql, SearchPath.DEFAULT);
  }

  @Test
  void aComparedScalarSubqueryOfAveragesIsComputedInLayers() {
    // TPC-H q17's shape: correlated, a constant times the average
    QueryPlan q =
        plan(
            "SELECT sum(l_extendedprice) FROM lineitem l WHERE l_quantity < (SELECT 0.2 *"
                + " avg(l_quantity) FROM lineitem WHERE l_partkey = l.l_partkey)");
    assertThat(q).isInstanceOf(QueryPlan.MirrorQuery.class);
    String sql = ((QueryPlan.MirrorQuery) q).duckDbSql();
    assertThat(sql)
        .contains("SELECT 0.2 * __mc_v1 FROM (SELECT")
        .contains("sum(l_quantity) AS __mc_s1, count(l_quantity) AS __mc_n1 FROM mc_l")
        .contains("WHERE l_partkey = l.l_partkey) AS __mc_sums")
        .doesNotContain("avg(");
    QueryPlan two =
        plan(
            "SELECT count(*) FROM lineitem WHERE l_quantity >= (SELECT avg(l_quantity) +"
                + " avg(l_discount) FROM lineitem)");
    assertThat(((QueryPlan.MirrorQuery) two).duckDbSql()).contains("__mc_v1 + __mc_v2");
  }

  @Test
  void otherAveragesStayOnPostgresql() {
    String[] refused = {
      // an output value: its scale would be DuckDB's
      "SELECT l_orderkey, avg(l_quantity) + 1 FROM lineitem GROUP BY l_orderkey",
      "SELECT (SELECT avg(l_quantity) FROM lineitem) AS a",
      // not one row of one aggregate
      "SELECT count(*) FROM lineitem WHERE l_quantity < (SELECT avg(l_quantity) FROM lineitem"
          + " GROUP BY l_partkey LIMIT 1)",
      // other columns or calls beside the average
      "SELECT count(*) FROM lineitem WHERE l_quantity < (SELECT avg(l_quantity) + max(l_tax)"
          + " FROM lineitem)",
      // a parameter would be written twice; DISTINCT is not a sum over a count
      "SELECT count(*) FROM lineitem WHERE l_quantity < (SELECT avg(l_quantity * ?) FROM"
          + " lineitem)",
      "SELECT count(*) FROM lineitem WHERE l_quantity < (SELECT avg(DISTINCT l_quantity) FROM"
          + " lineitem)",
      // not compared
      "SELECT count(*) FROM lineitem WHERE l_quantity IN (SELECT avg(l_quantity) FROM lineitem)",
    };
    for (String sql : refused) {
      assertThat(plan(sql)).as(sql).isInstanceOf(QueryPlan.CannotTranslate.class);
    }
  }
}
