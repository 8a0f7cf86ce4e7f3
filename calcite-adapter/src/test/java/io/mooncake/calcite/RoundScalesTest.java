package io.mooncake.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundScalesTest {

  private final QueryPlanner planner =
      new QueryPlanner(MirrorCatalog.builder().mirror("public", "m", "mc1").build());

  private QueryPlan plan(String sql) {
    return planner.plan(sql, SearchPath.DEFAULT);
  }

  private String duckDb(String sql) {
    QueryPlan p = plan(sql);
    assertThat(p).as(sql).isInstanceOf(QueryPlan.MirrorQuery.class);
    return ((QueryPlan.MirrorQuery) p).duckDbSql();
  }

  @Test
  void aPositiveScaleIsGivenByAZeroOfThatScale() {
    assertThat(duckDb("SELECT round(a, 3), round(b) FROM m"))
        .contains("SELECT round(a, 3, 0.000), round(b) FROM mc1");
    assertThat(duckDb("SELECT sum(round(a * (b + 1), 2)) FROM m WHERE round(c, +1 ) > 0"))
        .contains("sum(round(a * (b + 1), 2, 0.00))")
        .contains("WHERE round(c, +1, 0.0 ) > 0");
    // A cast to text around it is DuckDB's too.
    assertThat(duckDb("SELECT round(a, 2)::text FROM m"))
        .contains("mooncake_text(round(a, 2, 0.00))");
  }

  @Test
  void zeroAndNegativeScalesNeedNothing() {
    assertThat(duckDb("SELECT round(a, 0), round(a, -2) FROM m"))
        .contains("SELECT round(a, 0), round(a, -2) FROM mc1");
  }

  @Test
  void aScaleThatIsNotAConstantIsRefused() {
    for (String sql :
        new String[] {
          "SELECT round(a, b) FROM m",
          "SELECT round(a, 1 + 1) FROM m",
          "SELECT round(a, 40) FROM m",
        }) {
      assertThat(plan(sql)).as(sql).isInstanceOf(QueryPlan.CannotTranslate.class);
      assertThat(((QueryPlan.CannotTranslate) plan(sql)).reason()).contains("round()");
    }
  }
}
