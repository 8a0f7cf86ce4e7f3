package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LsnTest {

  @Test
  void parsesAndPrintsAsPostgres() {
    Lsn lsn = Lsn.parse("16/B374D848");
    assertThat(lsn.asLong()).isEqualTo(0x16B374D848L);
    assertThat(lsn).hasToString("16/B374D848");
    assertThat(Lsn.parse("0/0")).isSameAs(Lsn.ZERO);
  }

  @Test
  void ordersAsUnsigned() {
    Lsn high = Lsn.of(0xFFFFFFFF00000000L);
    Lsn low = Lsn.parse("1/0");
    assertThat(high).isGreaterThan(low);
    assertThat(high.isAfter(low)).isTrue();
    assertThat(low.max(high)).isSameAs(high);
    assertThat(high).hasToString("FFFFFFFF/0");
  }

  @Test
  void rejectsGarbage() {
    for (String bad : new String[] {"", "/", "1/", "/1", "x/1", "123456789/0", "1-2"}) {
      assertThatThrownBy(() -> Lsn.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
