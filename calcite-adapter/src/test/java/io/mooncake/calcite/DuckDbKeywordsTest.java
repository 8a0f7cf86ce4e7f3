package io.mooncake.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuckDbKeywordsTest {

  @Test
  void identifiersDuckDbReservesAreQuoted() {
    assertThat(
            DuckDbKeywords.quoted(
                "SELECT At, t.by, map, qualify FROM t WHERE semi > 1 GROUP BY at ORDER BY by"))
        .isEqualTo(
            "SELECT \"at\", t.\"by\", \"map\", \"qualify\" FROM t WHERE \"semi\" > 1"
                + " GROUP BY \"at\" ORDER BY \"by\"");
  }

  @Test
  void keyWordsAndFunctionsStayAsWritten() {
    String[] unchanged = {
      "SELECT ts AT TIME ZONE 'UTC' FROM t",
      "SELECT ts at local FROM t",
      "SELECT sum(x) OVER (PARTITION BY g ORDER BY y) FROM t GROUP BY g",
      "SELECT map(x), columns(y) FROM t",
      "SHOW search_path",
      "SELECT 'at', \"by\" FROM t",
    };
    for (String sql : unchanged) {
      assertThat(DuckDbKeywords.quoted(sql)).isSameAs(sql);
    }
  }

  @Test
  void plannedQueriesReadSuchColumnsOnDuckDb() {
    QueryPlanner planner =
        new QueryPlanner(MirrorCatalog.builder().mirror("public", "m", "mc1").build());
    QueryPlan plan = planner.plan("SELECT at, count(*) FROM m GROUP BY at", SearchPath.DEFAULT);
    assertThat(plan).isInstanceOf(QueryPlan.MirrorQuery.class);
    assertThat(((QueryPlan.MirrorQuery) plan).duckDbSql())
        .contains("SELECT \"at\", count(*) FROM mc1")
        .contains("GROUP BY \"at\"");
  }
}
