package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** PostgreSQL's text of values DuckDB gives in its own text. */
class PgTextTest {

  @Test
  void temporalTextIsPostgresText() {
    assertThat(PgText.temporal("2013-07-01 00:00:28.0")).isEqualTo("2013-07-01 00:00:28");
    assertThat(PgText.temporal("2013-07-01 00:00:28.500")).isEqualTo("2013-07-01 00:00:28.5");
    assertThat(PgText.temporal("2013-07-01 00:00:28.000001"))
        .isEqualTo("2013-07-01 00:00:28.000001");
    assertThat(PgText.temporal("2013-07-01 00:00:28")).isEqualTo("2013-07-01 00:00:28");
    assertThat(PgText.temporal("10:00:00.0")).isEqualTo("10:00:00");
    assertThat(PgText.temporal("0044-03-15 (BC) 10:00:00.0")).isEqualTo("0044-03-15 10:00:00 BC");
    assertThat(PgText.temporal("0044-03-15 (BC)")).isEqualTo("0044-03-15 BC");
    assertThat(PgText.temporal("2024-02-29")).isEqualTo("2024-02-29");
  }
}
