package io.mooncake.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * char(n) read without its blanks: where PostgreSQL ignores them too, statements pass; where it
 * uses them, or compares a varchar value as char, they are refused.
 */
class PaddedCharsTest {

  private static final Set<String> PADDED = Set.of("flag", "status", "code");
  private static final Set<String> VARYING = Set.of("name", "comment");

  private static final Set<String> KNOWN =
      Set.of("flag", "status", "code", "name", "comment", "id", "t", "qty", "price", "shipdate");

  private static boolean allowed(String sql) {
    return PaddedChars.misuse(sql, PADDED, VARYING, KNOWN).isEmpty();
  }

  @Test
  void withoutCharColumnsNothingIsChecked() {
    assertThat(
            PaddedChars.misuse("SELECT name FROM t WHERE name LIKE 'a '", Set.of(), VARYING, KNOWN))
        .isEmpty();
    // no char(n) column named, no *: the statement reads none
    assertThat(allowed("SELECT name FROM t WHERE name = comment OR t LIKE 'a '")).isTrue();
    assertThat(allowed("SELECT count(*) FROM t WHERE name = comment")).isTrue();
    assertThat(allowed("SELECT price * (1 - qty) FROM t WHERE name = comment")).isTrue();
    assertThat(allowed("SELECT * FROM t WHERE name = comment")).isFalse();
    assertThat(allowed("SELECT id, s.* FROM t s WHERE name = comment")).isFalse();
    assertThat(allowed("SELECT DISTINCT ON (id) * FROM t WHERE name = comment")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE EXISTS (SELECT * FROM u WHERE name = comment)"))
        .isTrue();
  }

  @Test
  void comparingGroupingSortingAndTextFunctionsPass() {
    // TPC-H q01's shape
    assertThat(
            allowed(
                "SELECT flag, status, sum(qty), avg(price), count(*) FROM lineitem"
                    + " WHERE shipdate <= date '1998-12-01' - interval '90' day"
                    + " GROUP BY flag, status ORDER BY flag, status"))
        .isTrue();
    assertThat(allowed("SELECT id FROM t WHERE flag = 'R' AND status IN ('F', 'O')")).isTrue();
    assertThat(allowed("SELECT a.id FROM t a JOIN u b ON a.code = b.code")).isTrue();
    assertThat(allowed("SELECT substring(code FROM 1 FOR 2) AS c2, count(*) FROM t GROUP BY 1"))
        .isTrue();
    assertThat(allowed("SELECT code || '|', length(code), upper(code) FROM t")).isTrue();
    assertThat(allowed("SELECT id FROM t WHERE lower(code) LIKE 'a%'")).isTrue();
    assertThat(allowed("SELECT id FROM t WHERE flag = ?")).isTrue();
  }

  @Test
  void varcharColumnsKeptToThemselvesPass() {
    // TPC-H q10's shape: varchar columns selected and grouped by, a char(1) compared
    assertThat(
            allowed(
                "SELECT c.id, name, sum(price) AS revenue, comment FROM c, l"
                    + " WHERE l.flag = 'R' GROUP BY c.id, name, comment ORDER BY revenue DESC"))
        .isTrue();
    assertThat(allowed("SELECT id FROM t WHERE comment NOT LIKE '%special%' AND flag = 'F'"))
        .isTrue();
    assertThat(allowed("SELECT count(DISTINCT name), max(t.comment) FROM t WHERE flag = 'O'"))
        .isTrue();
    assertThat(allowed("SELECT id FROM t WHERE name = 'SAUDI ARABIA' AND 'x' <> comment")).isTrue();
    assertThat(allowed("SELECT id FROM t WHERE name IN ('a', 'b') AND comment IS NOT NULL"))
        .isTrue();
    assertThat(allowed("SELECT t.name AS n FROM t ORDER BY n")).isTrue();
    assertThat(allowed("SELECT flag, t || '/' || name FROM t WHERE t LIKE 'x%'")).isTrue();
    // TPC-H q22's shape: varchar made text by substring, EXISTS (SELECT * ...)
    assertThat(
            allowed(
                "SELECT substring(name FROM 1 FOR 2) AS c, count(*) FROM t WHERE"
                    + " substring(name FROM 1 FOR 2) IN ('13', '31') AND NOT EXISTS (SELECT *"
                    + " FROM u WHERE u.id = t.id) GROUP BY 1"))
        .isTrue();
    assertThat(allowed("SELECT id FROM t WHERE code = upper(name)")).isTrue();
  }

  @Test
  void patternsAndPrintingFunctionsOnCharAreRefused() {
    assertThat(allowed("SELECT id FROM t WHERE code LIKE 'a'")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE t.code NOT ILIKE 'a%'")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE code ~ 'a$'")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE code SIMILAR TO 'a'")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE name LIKE code")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE name NOT SIMILAR TO t.code")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE coalesce(code, 'x') LIKE 'a%'")).isFalse();
    // an alias, of a char(n) value
    assertThat(allowed("SELECT k FROM (SELECT code AS k FROM t) s WHERE k LIKE 'a%'")).isFalse();
    assertThat(allowed("SELECT concat(code, 'x') FROM t")).isFalse();
    assertThat(allowed("SELECT format('%s', code) FROM t")).isFalse();
    assertThat(allowed("SELECT octet_length(code) FROM t")).isFalse();
    assertThat(allowed("SELECT to_json(code) FROM t")).isFalse();
    assertThat(allowed("SELECT ARRAY[code] FROM t")).isFalse();
    assertThat(allowed("SELECT code::json FROM t")).isFalse();
  }

  @Test
  void blanksAtTheEndOfConstantsAreRefused() {
    assertThat(allowed("SELECT id FROM t WHERE code = 'a  '")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE code = $$a $$")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE code = E'a\\040'")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE code = $q$ a$q$")).isTrue();
  }

  @Test
  void varcharMeetingCharIsRefused() {
    assertThat(allowed("SELECT id FROM t WHERE code = name")).isFalse();
    assertThat(allowed("SELECT id FROM t JOIN u ON t.code = u.name")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE code IN (SELECT name FROM u)")).isFalse();
    assertThat(allowed("SELECT coalesce(code, name) FROM t")).isFalse();
    assertThat(allowed("SELECT CASE WHEN id > 1 THEN code ELSE name END FROM t")).isFalse();
    assertThat(allowed("SELECT x FROM (SELECT name AS x, code FROM t) s")).isFalse();
    assertThat(allowed("SELECT code FROM t UNION SELECT name FROM u")).isFalse();
    assertThat(allowed("SELECT * FROM t NATURAL JOIN u")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE code = 'a'::varchar")).isFalse();
    assertThat(allowed("SELECT id FROM t WHERE code = CAST(x AS character varying)")).isFalse();
  }
}
