package io.mooncake.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The planner's API around the corpus: catalog options, messages, fetch queries. */
class QueryPlannerTest {

  @Test
  void databaseCollationOtherThanCodePointsRefusesQueriesThatMayCompareText() {
    MirrorCatalog catalog =
        MirrorCatalog.builder().mirror("public", "orders", "mc_orders").collation("en-US").build();
    QueryPlan sorted =
        new QueryPlanner(catalog)
            .plan("SELECT status FROM orders ORDER BY status", SearchPath.DEFAULT);
    QueryPlan counted =
        new QueryPlanner(catalog).plan("SELECT count(*) FROM orders", SearchPath.DEFAULT);
    assertThat(((QueryPlan.CannotTranslate) sorted).reason()).contains("collation (en-US)");
    assertThat(((QueryPlan.MirrorQuery) counted).warnings()).isEmpty();
  }

  @Test
  void codePointCollationsSortAsDuckDbDoes() {
    for (String collation : List.of("C", "POSIX", "C.UTF-8", "C.utf8")) {
      MirrorCatalog catalog =
          MirrorCatalog.builder()
              .mirror("public", "orders", "mc_orders")
              .collation(collation)
              .build();
      assertThat(
              new QueryPlanner(catalog)
                  .plan("SELECT status FROM orders ORDER BY status", SearchPath.DEFAULT)
                  .route())
          .as(collation)
          .isEqualTo(Route.MIRROR_QUERY);
    }
  }

  @Test
  void ordinaryRelationEarlierOnTheSearchPathHidesTheMirror() {
    MirrorCatalog catalog =
        MirrorCatalog.builder()
            .mirror("analytics", "clicks", "mc_clicks")
            .otherRelation(TableName.of("public", "clicks"))
            .build();
    QueryPlanner planner = new QueryPlanner(catalog);
    assertThat(planner.plan("SELECT * FROM clicks", SearchPath.of("public", "analytics")).route())
        .isEqualTo(Route.NOT_A_MIRROR_QUERY);
    assertThat(planner.plan("SELECT * FROM clicks", SearchPath.of("analytics", "public")).route())
        .isEqualTo(Route.MIRROR_QUERY);
  }

  @Test
  void renamingToSourcesLeavesOrdinaryTablesAlone() {
    MirrorCatalog catalog =
        MirrorCatalog.builder().mirror("public", "orders_cs", "\"public\".\"orders\"").build();
    QueryPlan plan =
        QueryPlanner.renaming(catalog)
            .plan(
                "SELECT c.name, o.id FROM orders_cs o JOIN customers c ON c.id = o.cid",
                SearchPath.DEFAULT);
    assertThat(((QueryPlan.MirrorQuery) plan).duckDbSql())
        .isEqualTo(
            "SELECT c.name, o.id FROM \"public\".\"orders\" o JOIN customers c ON c.id = o.cid");
  }

  @Test
  void writeMessageNamesTheMirror() {
    QueryPlan plan =
        new QueryPlanner(QueryPlannerCorpusTest.CATALOG)
            .plan("DELETE FROM orders", SearchPath.DEFAULT);
    assertThat(((QueryPlan.MirrorWrite) plan).message())
        .isEqualTo("DELETE on \"public\".\"orders\": mirrors are read-only");
  }

  @Test
  void emptyCatalogNeverParses() {
    QueryPlanner planner = new QueryPlanner(MirrorCatalog.empty());
    assertThat(planner.plan("SELECT * FROM orders", SearchPath.DEFAULT).route())
        .isEqualTo(Route.NOT_A_MIRROR_QUERY);
  }

  @Test
  void postgresTableFetchQuery() {
    PostgresTable some =
        new PostgresTable(
            List.of("public", "Cust"),
            "\"pg:public.Cust\"",
            Optional.of(new TreeSet<>(List.of("name", "id"))));
    PostgresTable all =
        new PostgresTable(List.of("customers"), "\"pg:customers\"", Optional.empty());
    assertThat(some.selectSql()).isEqualTo("SELECT \"id\", \"name\" FROM \"public\".\"Cust\"");
    assertThat(all.selectSql()).isEqualTo("SELECT * FROM \"customers\"");
  }

  @Test
  void compatibilityListLoadsAndRefusesUnlistedFunctions() {
    assertThat(DuckDbCompatibility.DEFAULT.function("count").verdict())
        .isEqualTo(DuckDbCompatibility.Verdict.SAME);
    assertThat(DuckDbCompatibility.DEFAULT.function("no_such_function")).isNull();
  }

  @Test
  void sessionSettingsQuoteTheTimeZone() {
    assertThat(DuckDbSession.timeZone("Europe/Paris")).isEqualTo("SET TimeZone = 'Europe/Paris'");
    assertThat(DuckDbSession.SETTINGS).contains("SET integer_division = true");
  }
}
