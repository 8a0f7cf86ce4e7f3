package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BufferIdentitiesTest {

  @Test
  void takesTheOldestRowsOfAnIdentityBelowTheBatch() {
    BufferIdentities b = new BufferIdentities();
    b.add(1, 2, 10);
    b.add(1, 2, 5);
    b.add(1, 2, 30);
    b.add(1, 3, 6);
    assertThat(b.take(1, 2, 2, 20)).containsExactly(5, 10);
    assertThat(b.take(1, 2, 2, 20)).isEmpty();
    assertThat(b.take(1, 2, 1, 31)).containsExactly(30);
    assertThat(b.take(1, 3, 5, 100)).containsExactly(6);
    assertThat(b.take(9, 9, 1, 100)).isEmpty();
  }

  @Test
  void agreesWithAPlainModelThroughGrowthClearsAndUndoneBatches() {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    BufferIdentities b = new BufferIdentities();
    Map<Long, List<Long>> model = new HashMap<>(); // identity (a, a + 1) -> seqs
    long seq = 0;
    for (int batch = 0; batch < 300; batch++) {
      Map<Long, List<Long>> before = copy(model);
      b.begin();
      long start = seq;
      if (random.nextInt(40) == 0) {
        b.clear();
        model.clear();
      }
      int ops = random.nextInt(200);
      for (int i = 0; i < ops; i++) {
        long a = random.nextInt(500);
        if (random.nextBoolean()) {
          b.add(a, a + 1, seq);
          model.computeIfAbsent(a, k -> new ArrayList<>()).add(seq++);
        } else {
          int n = 1 + random.nextInt(3);
          List<Long> expected = new ArrayList<>();
          for (long s : model.getOrDefault(a, List.of())) {
            if (s < start && expected.size() < n) {
              expected.add(s);
            }
          }
          model.getOrDefault(a, new ArrayList<>()).removeAll(expected);
          assertThat(b.take(a, a + 1, n, start))
              .as("seed %d", seed)
              .containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
        }
      }
      if (random.nextInt(4) == 0) {
        b.undo();
        model = before;
      } else {
        b.keep();
      }
    }
    for (Map.Entry<Long, List<Long>> e : model.entrySet()) {
      long a = e.getKey();
      assertThat(b.take(a, a + 1, Integer.MAX_VALUE, Long.MAX_VALUE))
          .as("seed %d", seed)
          .containsExactly(e.getValue().stream().mapToLong(Long::longValue).sorted().toArray());
    }
  }

  private static Map<Long, List<Long>> copy(Map<Long, List<Long>> m) {
    Map<Long, List<Long>> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
    return out;
  }
}
