package io.mooncake.engine;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * Counts the records of PostgreSQL CSV passing through (a newline outside quotes ends one) and
 * reports the count at most once a second, so that an initial copy's progress is visible. Not
 * thread-safe.
 */
final class CopyProgress extends FilterOutputStream {

  private final LongConsumer report;
  private long records;
  private boolean quoted;
  private long lastReportNanos = System.nanoTime();

  CopyProgress(OutputStream out, LongConsumer report) {
    super(out);
    this.report = report;
  }

  @Override
  public void write(int b) throws IOException {
    count(b);
    out.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      count(b[i]);
    }
    out.write(b, off, len);
    if (System.nanoTime() - lastReportNanos > 1_000_000_000L) {
      lastReportNanos = System.nanoTime();
      report.accept(records);
    }
  }

  private void count(int b) {
    if (b == '"') {
      quoted = !quoted; // "" inside a quoted value toggles twice
    } else if (b == '\n' && !quoted) {
      records++;
    }
  }

  /** The records seen so far. */
  long records() {
    return records;
  }
}
