package io.mooncake.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MirrorQueriesTest {

  @Test
  void statementTimeoutAsShowPrintsIt() {
    assertThat(MirrorQueries.timeoutMillis("0")).isZero();
    assertThat(MirrorQueries.timeoutMillis("250ms")).isEqualTo(250);
    assertThat(MirrorQueries.timeoutMillis("5s")).isEqualTo(5000);
    assertThat(MirrorQueries.timeoutMillis("2min")).isEqualTo(120_000);
    assertThat(MirrorQueries.timeoutMillis("1h")).isEqualTo(3_600_000);
    assertThat(MirrorQueries.timeoutMillis("1d")).isEqualTo(86_400_000);
  }

  @Test
  void onlyKeyWordsOutsideStringConstantsUnifyScales() {
    assertThat(MirrorQueries.unifiesScales("SELECT sum(a) FROM t WHERE c IN ('SM CASE', 'x')"))
        .isFalse();
    assertThat(MirrorQueries.unifiesScales("SELECT sum(a) FROM t WHERE c = 'it''s case'"))
        .isFalse();
    assertThat(MirrorQueries.unifiesScales("SELECT CASE WHEN a > 0 THEN a ELSE 0 END FROM t"))
        .isTrue();
    assertThat(MirrorQueries.unifiesScales("SELECT coalesce(a, 0) FROM t WHERE c = 'x'")).isTrue();
    assertThat(MirrorQueries.unifiesScales("SELECT a FROM t UNION SELECT 1")).isTrue();
    // A backslash: the constants' quoting is not followed, every word counts.
    assertThat(MirrorQueries.unifiesScales("SELECT sum(a) FROM t WHERE c = E'\\\\' OR d = 'case'"))
        .isTrue();
  }

  @Test
  void charValuesArePaddedToTheirTypesLengthInCharacters() {
    // char(3): type modifier 7
    assertThat(MirrorQueries.padded("a", 7)).isEqualTo("a  ");
    assertThat(MirrorQueries.padded("", 7)).isEqualTo("   ");
    assertThat(MirrorQueries.padded("abc", 7)).isEqualTo("abc");
    // characters, not UTF-16 units: an emoji is one
    assertThat(MirrorQueries.padded("\uD83D\uDE00", 6)).isEqualTo("\uD83D\uDE00 ");
  }
}
