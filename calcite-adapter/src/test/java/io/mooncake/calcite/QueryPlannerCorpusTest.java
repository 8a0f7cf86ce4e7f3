package io.mooncake.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs {@code planner-cases.txt}: each statement's route, DuckDB text, parameters, ordinary tables
 * and reasons; every translated query must also prepare (and, without parameters, run) on DuckDB
 * against small tables standing in for the mirrors and for the ordinary tables' fetched rows.
 */
class QueryPlannerCorpusTest {

  static final MirrorCatalog CATALOG =
      MirrorCatalog.builder()
          .mirror("public", "orders", "mc_orders")
          .mirror("public", "events", "(SELECT * FROM mc_events)")
          .mirror("analytics", "clicks", "mc_clicks")
          .mirror("public", "LineItems", "mc_lineitems")
          .build();

  private static final List<String> DUCKDB_TABLES =
      List.of(
          "CREATE TABLE mc_orders (id INTEGER, customer_id INTEGER, amount DECIMAL(10,2), status VARCHAR,"
              + " created_at TIMESTAMP, payload JSON, tags VARCHAR[])",
          "INSERT INTO mc_orders VALUES (1, 1, 10.50, 'paid', TIMESTAMP '2024-01-02 03:04:05', '{\"a\":1}', ['x'])",
          "CREATE TABLE mc_events (id INTEGER, user_id INTEGER, kind VARCHAR, ts TIMESTAMPTZ, data JSON)",
          "INSERT INTO mc_events VALUES (1, 1, 'click', now(), '{\"kind\":\"click\",\"n\":2}')",
          "CREATE TABLE mc_clicks (id INTEGER, url VARCHAR)",
          "CREATE TABLE mc_lineitems (id INTEGER, qty INTEGER)",
          "CREATE TABLE \"pg:customers\" (id INTEGER, name VARCHAR, region VARCHAR)",
          "INSERT INTO \"pg:customers\" VALUES (1, 'ann', 'eu')",
          "CREATE TABLE \"pg:public.customers\" (id INTEGER, name VARCHAR, region VARCHAR)");

  private static Connection duckdb;

  @BeforeAll
  static void openDuckDb() throws SQLException {
    duckdb = DriverManager.getConnection("jdbc:duckdb:");
    for (String sql : DuckDbSession.SETTINGS) {
      run(sql);
    }
    run(DuckDbSession.timeZone("UTC"));
    for (String sql : DUCKDB_TABLES) {
      run(sql);
    }
  }

  @AfterAll
  static void closeDuckDb() throws SQLException {
    duckdb.close();
  }

  private static void run(String sql) throws SQLException {
    try (Statement statement = duckdb.createStatement()) {
      statement.execute(sql);
    }
  }

  @Test
  void corpusIsLargeEnough() throws Exception {
    assertThat(PlannerCase.load("planner-cases.txt")).hasSizeGreaterThanOrEqualTo(60);
  }

  @TestFactory
  Stream<DynamicTest> cases() throws Exception {
    QueryPlanner planner = new QueryPlanner(CATALOG);
    List<DynamicTest> tests = new ArrayList<>();
    for (PlannerCase c : PlannerCase.load("planner-cases.txt")) {
      tests.add(DynamicTest.dynamicTest(c.name(), () -> check(planner, c)));
    }
    return tests.stream();
  }

  private static void check(QueryPlanner planner, PlannerCase c) throws SQLException {
    String path = c.get("search_path");
    SearchPath searchPath = path == null ? SearchPath.DEFAULT : SearchPath.parse(path, "user");
    QueryPlan plan = planner.plan(c.get("sql"), searchPath);
    assertThat(plan.route())
        .as("route of %s: %s", c.get("sql"), plan)
        .isEqualTo(Route.valueOf(c.get("route")));
    switch (plan.route()) {
      case MIRROR_QUERY -> {
        QueryPlan.MirrorQuery query = (QueryPlan.MirrorQuery) plan;
        assertThat(query.duckDbSql()).isEqualTo(c.get("duckdb"));
        int params = c.get("params") == null ? 0 : Integer.parseInt(c.get("params"));
        assertThat(query.parameterOrder()).hasSize(params);
        List<String> tables = new ArrayList<>();
        for (PostgresTable table : query.postgresTables()) {
          tables.add(describe(table));
        }
        assertThat(tables).containsExactlyElementsOf(c.all("pg"));
        List<String> filters = new ArrayList<>();
        for (PostgresTable table : query.postgresTables()) {
          table.filter().ifPresent(filters::add);
        }
        assertThat(filters).containsExactlyElementsOf(c.all("pgfilter"));
        for (String warning : c.all("warning")) {
          assertThat(query.warnings()).anySatisfy(w -> assertThat(w).contains(warning));
        }
        runOnDuckDb(query);
      }
      case MIRROR_WRITE -> {
        QueryPlan.MirrorWrite write = (QueryPlan.MirrorWrite) plan;
        assertThat(write.statement() + " " + write.mirror()).isEqualTo(c.get("write"));
      }
      case CANNOT_TRANSLATE ->
          assertThat(((QueryPlan.CannotTranslate) plan).reason()).contains(c.get("reason"));
      default -> {}
    }
  }

  private static String describe(PostgresTable table) {
    Optional<SortedSet<String>> columns = table.columns();
    return String.join(".", table.nameParts())
        + " |"
        + (columns.isEmpty()
            ? " *"
            : columns.get().isEmpty() ? "" : " " + String.join(", ", columns.get()));
  }

  private static void runOnDuckDb(QueryPlan.MirrorQuery query) throws SQLException {
    try (PreparedStatement statement = duckdb.prepareStatement(query.duckDbSql())) {
      if (query.parameterOrder().isEmpty()) {
        statement.executeQuery().close();
      }
    }
  }
}
