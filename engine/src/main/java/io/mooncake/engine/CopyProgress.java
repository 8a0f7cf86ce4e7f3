package io.mooncake.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The rows an initial copy read so far, added up over the connections that copy, and reported at
 * most once a second, so that the copy's progress is visible. Thread-safe: reports are made one at
 * a time, each with the count at that moment.
 */
final class CopyProgress {

  private static final long REPORT_NANOS = 1_000_000_000L;

  private final LongConsumer report;
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong lastReportNanos = new AtomicLong(System.nanoTime());

  CopyProgress(LongConsumer report) {
    this.report = report;
  }

  /** Counts {@code n} more rows copied, and reports the total if the last report is old. */
  void add(long n) {
    rows.addAndGet(n);
    long last = lastReportNanos.get();
    long now = System.nanoTime();
    if (now - last > REPORT_NANOS && lastReportNanos.compareAndSet(last, now)) {
      synchronized (this) {
        report.accept(rows.get());
      }
    }
  }

  /** The rows copied so far. */
  long rows() {
    return rows.get();
  }
}
