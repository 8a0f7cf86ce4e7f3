package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CopyProgressTest {

  @Test
  void addsUpTheRowsOfEveryConnectionAndReportsAtMostOnceASecond() throws Exception {
    long start = System.nanoTime();
    List<Long> reports = new CopyOnWriteArrayList<>();
    CopyProgress progress = new CopyProgress(reports::add);
    Thread[] copies = new Thread[4];
    for (int i = 0; i < copies.length; i++) {
      copies[i] =
          new Thread(
              () -> {
                for (int n = 0; n < 10_000; n++) {
                  progress.add(1);
                }
              });
      copies[i].start();
    }
    for (Thread t : copies) {
      t.join();
    }
    assertThat(progress.rows()).isEqualTo(40_000);

    Thread.sleep(1_100);
    progress.add(2);
    progress.add(3);
    assertThat(progress.rows()).isEqualTo(40_005);
    assertThat(reports).isSorted().last().isEqualTo(40_002L);
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertThat(reports.size()).isLessThanOrEqualTo((int) seconds);
  }
}
