package io.mooncake.bench;

import io.mooncake.engine.Engine;
import io.mooncake.engine.Lsn;
import io.mooncake.testkit.EmbeddedPg;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

/**
 * The memory of an engine with 10 mirrors while 10,000 row changes per second (half inserts, half
 * updates, 100 per commit, round robin over the tables) stream in: every second, the Java heap in
 * use after a full collection ({@code System.gc()}), DuckDB's own account ({@code duckdb_memory()}
 * through a reader connection) and the process's resident set. The goal is a heap bounded
 * by the flush thresholds: flat over time, not growing with the rows written. The mem slices live
 * in DuckDB, outside the Java heap, so DuckDB's figure is the one the thresholds bound directly.
 * Run once per table size, each in a database and engine of its own.
 */
final class HeapUnderLoad {

  private static final int TABLES = 10;
  private static final int CHANGES_PER_COMMIT = 100;
  private static final long COMMIT_EVERY_NANOS = 10_000_000L;

  private HeapUnderLoad() {}

  /** One sample: seconds into the load, row changes written by then, bytes, the engine's lag. */
  private record Sample(
      double at, long written, long heap, long duck, long rss, long rssAnon, long lagMs) {}

  static void run(EmbeddedPg pg, Path warehouse, int seconds, int rowsPerTable) throws Exception {
    String db = pg.createDatabase("heap_" + rowsPerTable);
    Engine.Settings settings = EngineBench.settings(pg, db, warehouse);
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db));
        Statement s = c.createStatement()) {
      for (int t = 0; t < TABLES; t++) {
        s.execute(
            "CREATE TABLE h"
                + t
                + " (id bigint PRIMARY KEY, grp int, label text, amount numeric(12,2),"
                + " at timestamptz)");
        s.execute(
            "INSERT INTO h"
                + t
                + " SELECT g, g % 1000, md5(g::text) || ' row', (g % 100000) / 100.0,"
                + " timestamptz '2024-01-01' + g * interval '1 second'"
                + " FROM generate_series(1, "
                + rowsPerTable
                + ") g");
      }
      s.execute("VACUUM ANALYZE");
      try (Engine engine = Engine.start(settings)) {
        for (int t = 0; t < TABLES; t++) {
          engine.createMirror("h" + t + "_cs", "h" + t);
        }
        engine.awaitApplied(EngineBench.currentLsn(s), Duration.ofMinutes(1));
        load(engine, c, s, settings, seconds, rowsPerTable);
      }
    }
  }

  private static void load(
      Engine engine,
      Connection c,
      Statement s,
      Engine.Settings settings,
      int seconds,
      int rowsPerTable)
      throws Exception {
    AtomicLong written = new AtomicLong();
    AtomicReference<SQLException> failure = new AtomicReference<>();
    List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    List<Long> gcNanos = Collections.synchronizedList(new ArrayList<>());
    long[] maxId = new long[TABLES];
    Arrays.fill(maxId, rowsPerTable);
    SplittableRandom random = new SplittableRandom(7);
    int half = CHANGES_PER_COMMIT / 2;
    long elapsed;
    try (Connection duck = engine.reader()) {
      samples.add(sample(engine, duck, 0, 0, gcNanos));
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      long t0 = System.nanoTime();
      sampler.scheduleAtFixedRate(
          () -> {
            try {
              samples.add(
                  sample(engine, duck, (System.nanoTime() - t0) / 1e9, written.get(), gcNanos));
            } catch (SQLException e) {
              failure.compareAndSet(null, e);
            }
          },
          1,
          1,
          TimeUnit.SECONDS);
      c.setAutoCommit(false);
      List<PreparedStatement> inserts = new ArrayList<>();
      List<PreparedStatement> updates = new ArrayList<>();
      try {
        for (int t = 0; t < TABLES; t++) {
          inserts.add(
              c.prepareStatement(
                  "INSERT INTO h"
                      + t
                      + " SELECT g, g % 1000, md5(g::text) || ' new', 1, now()"
                      + " FROM generate_series(?::bigint, ?::bigint) g"));
          updates.add(
              c.prepareStatement(
                  "UPDATE h"
                      + t
                      + " SET grp = grp + 1, label = md5(label), amount = amount + 1"
                      + " WHERE id BETWEEN ? AND ?"));
        }
        long next = t0;
        long end = t0 + seconds * 1_000_000_000L;
        for (int k = 0; System.nanoTime() < end; k++) {
          int t = k % TABLES;
          PreparedStatement insert = inserts.get(t);
          insert.setLong(1, maxId[t] + 1);
          insert.setLong(2, maxId[t] + half);
          insert.executeUpdate();
          maxId[t] += half;
          long from = 1 + random.nextLong(maxId[t] - half);
          PreparedStatement update = updates.get(t);
          update.setLong(1, from);
          update.setLong(2, from + half - 1);
          update.executeUpdate();
          c.commit();
          written.addAndGet(CHANGES_PER_COMMIT);
          next += COMMIT_EVERY_NANOS;
          long sleep = next - System.nanoTime();
          if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
          }
        }
        elapsed = System.nanoTime() - t0;
      } finally {
        for (PreparedStatement p : inserts) {
          p.close();
        }
        for (PreparedStatement p : updates) {
          p.close();
        }
        c.setAutoCommit(true);
        sampler.shutdown();
        sampler.awaitTermination(1, TimeUnit.MINUTES);
      }
      if (failure.get() != null) {
        throw failure.get();
      }
      Lsn target = EngineBench.currentLsn(s);
      long t1 = System.nanoTime();
      engine.awaitApplied(target, Duration.ofMinutes(1));
      double caughtUp = (System.nanoTime() - t1) / 1e6;
      Sample last = sample(engine, duck, elapsed / 1e9, written.get(), gcNanos);
      report(samples, last, settings, seconds, rowsPerTable, elapsed, caughtUp, gcNanos);
    }
  }

  private static void report(
      List<Sample> samples,
      Sample last,
      Engine.Settings settings,
      int seconds,
      int rowsPerTable,
      long elapsedNanos,
      double caughtUpMs,
      List<Long> gcNanos) {
    List<Sample> all = new ArrayList<>(samples);
    Sample first = all.get(0);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%n| engine memory, %d mirrors of %,d rows, %,d row changes/s for %d s: second | row"
                + " changes written | heap after GC MB | DuckDB MB | RSS MB | of which anonymous"
                + " MB | engine lag ms |%n|---|---|---|---|---|---|---|%n",
            TABLES,
            rowsPerTable,
            CHANGES_PER_COMMIT * 1_000_000_000L / COMMIT_EVERY_NANOS,
            seconds));
    for (int i = 0; i < all.size(); i++) {
      if (i % 5 == 0 || i == all.size() - 1) {
        row(out, String.format(Locale.ROOT, "%.0f", all.get(i).at), all.get(i));
      }
    }
    row(out, "end, caught up", last);
    List<Sample> load = all.subList(1, all.size());
    List<Sample> firstHalf = load.subList(0, load.size() / 2);
    List<Sample> secondHalf = load.subList(load.size() / 2, load.size());
    List<Long> gc = new ArrayList<>(gcNanos);
    Collections.sort(gc);
    out.append(
        String.format(
            Locale.ROOT,
            "flush thresholds: flushRows %,d per mirror, flushInterval %d s; written %,d row"
                + " changes in %.1f s (%,.0f/s); applied %.0f ms after the last commit%n"
                + "heap after GC MB: before the load %.1f, min %.1f, max %.1f, at the end %.1f;"
                + " max of the first half %.1f, of the second half %.1f (System.gc() p50 %.0f"
                + " ms)%n"
                + "DuckDB MB: before %.1f, max %.1f, at the end %.1f; RSS MB: before %.1f, max"
                + " %.1f, at the end %.1f%n",
            settings.flushRows(),
            settings.flushInterval().toSeconds(),
            last.written,
            elapsedNanos / 1e9,
            last.written / (elapsedNanos / 1e9),
            caughtUpMs,
            mb(first.heap),
            mb(min(load, Sample::heap)),
            mb(max(load, Sample::heap)),
            mb(last.heap),
            mb(max(firstHalf, Sample::heap)),
            mb(max(secondHalf, Sample::heap)),
            gc.get(gc.size() / 2) / 1e6,
            mb(first.duck),
            mb(max(load, Sample::duck)),
            mb(last.duck),
            mb(first.rss),
            mb(max(load, Sample::rss)),
            mb(last.rss)));
    System.out.print(out);
  }

  private static void row(StringBuilder out, String label, Sample s) {
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %,d | %.1f | %.1f | %.1f | %.1f | %,d |%n",
            label,
            s.written,
            mb(s.heap),
            mb(s.duck),
            mb(s.rss),
            mb(s.rssAnon),
            s.lagMs));
  }

  private static long min(List<Sample> samples, ToLongFunction<Sample> f) {
    return samples.stream().mapToLong(f).min().orElse(-1);
  }

  private static long max(List<Sample> samples, ToLongFunction<Sample> f) {
    return samples.stream().mapToLong(f).max().orElse(-1);
  }

  private static double mb(long bytes) {
    return bytes / 1_048_576.0;
  }

  private static Sample sample(
      Engine engine, Connection duck, double at, long written, List<Long> gcNanos)
      throws SQLException {
    long g0 = System.nanoTime();
    System.gc();
    gcNanos.add(System.nanoTime() - g0);
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long duckBytes;
    try (Statement s = duck.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT sum(memory_usage_bytes)::bigint FROM duckdb_memory()")) {
      rs.next();
      duckBytes = rs.getLong(1);
    }
    return new Sample(
        at,
        written,
        heap,
        duckBytes,
        procStatus("VmRSS:"),
        procStatus("RssAnon:"),
        engine.status().lagMs());
  }

  /** A size line of /proc/self/status in bytes, -1 where there is none (not Linux). */
  private static long procStatus(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: no resident set to report.
    }
    return -1;
  }
}
