package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeBatchTest {

  private static final int[] KEY = {0};

  @Test
  void aBatchOfUpdatesOnlyIsNotEmpty() {
    ChangeBatch b = new ChangeBatch(KEY);
    b.update(new String[] {"1", null}, new String[] {"1", "x"});
    assertThat(b.isEmpty()).isFalse();
    assertThat(b.changes()).isEqualTo(1);
    ChangeBatch.Net net = b.net().values().iterator().next();
    assertThat(net.deleteExisting).isEqualTo(1);
    assertThat(net.inserts).hasSize(1);
  }

  @Test
  void insertThenDeleteLeavesNothingToDoButCountsTwoChanges() {
    ChangeBatch b = new ChangeBatch(KEY);
    b.insert(new String[] {"1", "a"});
    b.delete(new String[] {"1", null});
    assertThat(b.changes()).isEqualTo(2);
    ChangeBatch.Net net = b.net().values().iterator().next();
    assertThat(net.deleteExisting).isZero();
    assertThat(net.inserts).isEmpty();
  }

  @Test
  void unchangedToastIsFilledFromAnImageOfTheSameBatch() {
    ChangeBatch b = new ChangeBatch(KEY);
    b.insert(new String[] {"1", "big"});
    String[] next = {"1", ChangeBatch.UNCHANGED};
    b.update(new String[] {"1", null}, next);
    ChangeBatch.Pending p = b.net().values().iterator().next().inserts.get(0);
    assertThat(p.row()[1]).isEqualTo("big");
    assertThat(p.source()).isNull();
  }

  @Test
  void unchangedToastOfAStoredRowIsLeftForTheStore() {
    ChangeBatch b = new ChangeBatch(KEY);
    b.update(new String[] {"7", null}, new String[] {"7", ChangeBatch.UNCHANGED});
    ChangeBatch.Pending p = b.net().values().iterator().next().inserts.get(0);
    assertThat(p.row()[1]).isSameAs(ChangeBatch.UNCHANGED);
    assertThat(p.source()[0]).isEqualTo("7");
  }
}
