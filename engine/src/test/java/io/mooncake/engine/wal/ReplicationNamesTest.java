package io.mooncake.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplicationNamesTest {

  @Test
  void slotNamesFollowPostgresRules() {
    assertThat(new LogicalSlot("mooncake_db_1").quoted()).isEqualTo("\"mooncake_db_1\"");
    for (String bad :
        new String[] {"", "Upper", "with space", "dash-ed", "x".repeat(64), "q\"uote"}) {
      assertThatThrownBy(() -> new LogicalSlot(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid replication slot name");
    }
  }

  @Test
  void publicationNamesAreQuotedWithEmbeddedQuotesDoubled() {
    assertThat(new Publication("p").asOptionValue()).isEqualTo("\"p\"");
    assertThat(new Publication("a \"b\"").asOptionValue()).isEqualTo("\"a \"\"b\"\"\"");
    assertThatThrownBy(() -> new Publication("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Publication("nul\0")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void protocolVersionIsTheHighestTheServerSpeaks() {
    assertThat(ReplicationStream.protocolVersionFor(14)).isEqualTo(2);
    assertThat(ReplicationStream.protocolVersionFor(15)).isEqualTo(3);
    assertThat(ReplicationStream.protocolVersionFor(16)).isEqualTo(4);
    assertThat(ReplicationStream.protocolVersionFor(18)).isEqualTo(4);
  }
}
