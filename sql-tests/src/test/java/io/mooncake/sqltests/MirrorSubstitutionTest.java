package io.mooncake.sqltests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which names of a corpus query become mirrors, and which stay. */
class MirrorSubstitutionTest {

  private final MirrorSubstitution onMirrors =
      new MirrorSubstitution(Map.of("orders", "orders_cs", "nation", "nation_cs"));

  @Test
  void tableReferencesNameTheMirrorAndKeepTheirName() {
    assertThat(onMirrors.apply("SELECT count(*) FROM orders WHERE orders.id > 1"))
        .isEqualTo("SELECT count(*) FROM orders_cs AS orders WHERE orders.id > 1");
    assertThat(onMirrors.apply("SELECT o.id FROM orders o JOIN nation AS n ON n.k = o.k"))
        .isEqualTo("SELECT o.id FROM orders_cs o JOIN nation_cs AS n ON n.k = o.k");
    assertThat(onMirrors.apply("SELECT 1 FROM public.orders LEFT JOIN nation ON true"))
        .isEqualTo(
            "SELECT 1 FROM public.orders_cs AS orders LEFT JOIN nation_cs AS nation ON true");
  }

  @Test
  void commaJoinsAndSubqueries() {
    assertThat(
            onMirrors.apply(
                "SELECT * FROM orders, nation n1, nation n2 WHERE x IN (SELECT k FROM nation)"))
        .isEqualTo(
            "SELECT * FROM orders_cs AS orders, nation_cs n1, nation_cs n2"
                + " WHERE x IN (SELECT k FROM nation_cs AS nation)");
  }

  @Test
  void columnsAliasesLiteralsAndFunctionArgumentsStay() {
    String sql =
        "SELECT n_name AS nation, extract(year FROM orders) AS y, 'FROM orders' AS s"
            + " FROM t GROUP BY nation, orders ORDER BY nation";
    assertThat(onMirrors.apply(sql)).isEqualTo(sql);
    String distinct = "SELECT 1 FROM t WHERE a IS DISTINCT FROM orders";
    assertThat(onMirrors.apply(distinct)).isEqualTo(distinct);
  }

  @Test
  void topLevelOrderByOnly() {
    assertThat(SqlTokens.hasTopLevelOrderBy("SELECT a FROM t ORDER BY a")).isTrue();
    assertThat(SqlTokens.hasTopLevelOrderBy("SELECT rank() OVER (ORDER BY a) FROM t")).isFalse();
    assertThat(SqlTokens.hasTopLevelOrderBy("SELECT string_agg(a, ',' ORDER BY a) FROM t"))
        .isFalse();
    assertThat(SqlTokens.hasTopLevelOrderBy("SELECT 'ORDER BY' FROM t -- ORDER BY a")).isFalse();
  }
}
