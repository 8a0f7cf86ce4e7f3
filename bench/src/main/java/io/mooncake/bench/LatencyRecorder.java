package io.mooncake.bench;

import java.util.Arrays;

/** Latencies of one operation kind, in nanoseconds, with percentiles. Not thread-safe. */
final class LatencyRecorder {

  private long[] samples;
  private int count;

  LatencyRecorder(int capacity) {
    samples = new long[capacity];
  }

  void record(long nanos) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = nanos;
  }

  int count() {
    return count;
  }

  /** The {@code p}-th percentile (0 < p ≤ 100), nearest-rank, in microseconds. */
  double percentileMicros(double p) {
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * count);
    return sorted[Math.max(0, rank - 1)] / 1000.0;
  }

  double meanMicros() {
    long sum = 0;
    for (int i = 0; i < count; i++) {
      sum += samples[i];
    }
    return sum / 1000.0 / count;
  }
}
