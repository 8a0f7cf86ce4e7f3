package io.mooncake.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Columns DuckDB may only hand back: bare select items pass, every other use is named. */
class OpaqueColumnsTest {

  private static final Map<String, String> OPAQUE = Map.of("tags", "text[]", "at", "tstzrange");

  private static boolean allowed(String sql) {
    return OpaqueColumns.misuse(sql, OPAQUE, Set.of("at")).isEmpty();
  }

  @Test
  void bareItemsOfTheOutermostSelectListPass() {
    assertThat(allowed("SELECT id, tags FROM t WHERE id > 3 ORDER BY id")).isTrue();
    assertThat(allowed("SELECT tags AS x, id FROM t")).isTrue();
    assertThat(allowed("SELECT t.tags, id FROM t")).isTrue();
    assertThat(allowed("SELECT id FROM t ORDER BY t.tags")).isFalse();
    assertThat(allowed("SELECT tags x FROM t -- ORDER BY tags")).isTrue();
    assertThat(allowed("SELECT id FROM t WHERE note = $$tags$$")).isTrue();
  }

  @Test
  void otherUsesAreRefused() {
    assertThat(allowed("SELECT id FROM t ORDER BY tags")).isFalse();
    assertThat(allowed("SELECT tags[1] FROM t")).isFalse();
    assertThat(allowed("SELECT tags IS NULL FROM t")).isFalse();
    assertThat(allowed("SELECT DISTINCT tags FROM t")).isFalse();
    assertThat(allowed("SELECT x FROM (SELECT tags AS x FROM t) s")).isFalse();
    assertThat(allowed("SELECT \"tags\" || 'a' FROM t")).isFalse();
    assertThat(OpaqueColumns.misuse("SELECT id FROM t WHERE tags = '{a}'", OPAQUE, Set.of()))
        .hasValueSatisfying(why -> assertThat(why).contains("tags (text[])"));
  }

  @Test
  void zonedColumnsAndStarAreRefusedEverywhere() {
    assertThat(allowed("SELECT at FROM t")).isFalse();
    assertThat(allowed("SELECT * FROM t")).isFalse();
    assertThat(OpaqueColumns.misuse("SELECT * FROM t", OPAQUE, Set.of())).isEmpty();
  }
}
