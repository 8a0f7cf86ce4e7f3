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

  @Test
  void datesTimesAndTimestampsFromDuckDbValuesArePostgresText() {
    assertThat(PgText.date(java.time.LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
    assertThat(PgText.date(java.time.LocalDate.of(-43, 3, 15))).isEqualTo("0044-03-15 BC");
    assertThat(PgText.date(java.time.LocalDate.of(0, 1, 1))).isEqualTo("0001-01-01 BC");
    assertThat(PgText.date(java.time.LocalDate.of(12345, 1, 1))).isEqualTo("12345-01-01");
    assertThat(PgText.date(java.time.LocalDate.of(5881580, 7, 11))).isEqualTo("infinity");
    assertThat(PgText.date(java.time.LocalDate.of(-5877641, 6, 24))).isEqualTo("-infinity");
    assertThat(PgText.time(java.time.LocalTime.of(6, 0))).isEqualTo("06:00:00");
    assertThat(PgText.time(java.time.LocalTime.of(12, 0, 0, 500_000_000))).isEqualTo("12:00:00.5");
    assertThat(PgText.timestamp(1L)).isEqualTo("1970-01-01 00:00:00.000001");
    assertThat(PgText.timestamp(-63517788000000000L)).isEqualTo("0044-03-15 10:00:00 BC");
    assertThat(PgText.timestamp(Long.MAX_VALUE)).isEqualTo("infinity");
    assertThat(PgText.timestamp(-Long.MAX_VALUE)).isEqualTo("-infinity");
    assertThat(PgText.timestamptz(Long.MAX_VALUE, java.time.ZoneOffset.UTC)).isEqualTo("infinity");
    assertThat(PgText.timestamptz(0, java.time.ZoneId.of("Asia/Kolkata")))
        .isEqualTo("1970-01-01 05:30:00+05:30");
  }

  @Test
  void averagesHavePostgresqlsScaleAndRounding() {
    // Each value as PostgreSQL 15 to 18 print avg() of such rows (sum, count).
    String[][] cases = {
      {"3", "2", "1.5000000000000000"},
      {"-3", "2", "-1.5000000000000000"},
      {"5.00", "3", "1.6666666666666667"},
      {"0", "2", "0.00000000000000000000"},
      {"7", "1", "7.0000000000000000"},
      {"1111111110", "2", "555555555.00000000"},
      {"0.0000030000", "2", "0.000001500000000000000000"},
      {"2000000000000001", "2", "1000000000000000.5000"},
    };
    for (String[] c : cases) {
      assertThat(PgText.average(new java.math.BigDecimal(c[0]), Long.parseLong(c[1])))
          .as(c[0] + " / " + c[1])
          .isEqualTo(c[2]);
    }
  }

  @Test
  void quotientsAsPostgresDividesNumerics() {
    // PostgreSQL 18's answers to SELECT a / b.
    String[][] cases = {
      {"1.50", "3", "0.50000000000000000000"},
      {"10", "4.0", "2.5000000000000000"},
      {"1", "3.0", "0.33333333333333333333"},
      {"-2", "3.00", "-0.66666666666666666667"},
      {"123456789012.345678", "0.001", "123456789012345.678000"},
      {"0.00", "7", "0.00000000000000000000"},
    };
    for (String[] c : cases) {
      java.math.BigDecimal a = new java.math.BigDecimal(c[0]);
      java.math.BigDecimal b = new java.math.BigDecimal(c[1]);
      assertThat(PgText.quotient(a, b)).as(c[0] + " / " + c[1]).isEqualTo(c[2]);
    }
    // The scale of a large quotient is its operands' scale: other scales, other digits.
    assertThat(
            PgText.quotientScaleFromOperands(
                new java.math.BigDecimal("123456789012.345678"), new java.math.BigDecimal("0.001")))
        .isTrue();
    assertThat(
            PgText.quotientScaleFromOperands(
                new java.math.BigDecimal("1.50"), new java.math.BigDecimal("3")))
        .isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PgText.quotient(java.math.BigDecimal.ONE, new java.math.BigDecimal("0.00")))
        .isInstanceOf(ArithmeticException.class);
  }
}
