package io.mooncake.bench;

import io.mooncake.testkit.EmbeddedPg;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Pass-through overhead of {@code jdbc:mooncake:} against plain PgJDBC on the embedded PostgreSQL:
 * point SELECT by primary key and single-row INSERT (autocommit), latency p50/p99, both drivers in
 * one JVM and one run.
 */
public final class PassThroughBench {

  private static final int ROWS = 100_000;
  private static final int TRIALS = 10;
  private static final int WARMUP = 2_000;

  private PassThroughBench() {}

  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    try (EmbeddedPg pg = EmbeddedPg.start()) {
      String db = pg.createDatabase("bench");
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db));
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kv (id int PRIMARY KEY, v text NOT NULL)");
        s.execute("INSERT INTO kv SELECT g, md5(g::text) FROM generate_series(1, " + ROWS + ") g");
        s.execute("CREATE TABLE ins (id bigserial PRIMARY KEY, k int NOT NULL, v text NOT NULL)");
        s.execute("VACUUM ANALYZE kv");
      }
      LatencyRecorder[] pgjdbc = {new LatencyRecorder(ops), new LatencyRecorder(ops)};
      LatencyRecorder[] mooncake = {new LatencyRecorder(ops), new LatencyRecorder(ops)};
      // Several trials, each with new connections (new backend processes): on a small machine the
      // latency depends on where the scheduler puts each backend, and that luck must average out.
      for (int trial = 0; trial < TRIALS; trial++) {
        try (Target a = new Target("PgJDBC", pg.jdbcUrl(db), pgjdbc);
            Target b = new Target("mooncake", pg.mooncakeUrl(db), mooncake)) {
          for (int i = 0; i < WARMUP; i++) {
            a.operation(false);
            b.operation(false);
          }
          // Operation by operation, alternating which driver goes first, so that drift (JIT,
          // caches, autovacuum, the other core's load) hits both drivers alike.
          for (int i = 0; i < ops / TRIALS; i++) {
            Target first = i % 2 == 0 ? a : b;
            Target second = first == a ? b : a;
            first.operation(true);
            second.operation(true);
          }
        }
      }
      report(pgjdbc, mooncake);
    }
  }

  /** Recorders: [0] point SELECT, [1] single-row INSERT. */
  private static void report(LatencyRecorder[] base, LatencyRecorder[] tested) {
    System.out.printf(
        Locale.ROOT,
        "%n%d operations of each kind per driver, %d trials, interleaved%n",
        base[0].count(),
        TRIALS);
    System.out.println("| operation | driver | p50 µs | p99 µs | mean µs |");
    System.out.println("|---|---|---|---|---|");
    row("point SELECT by key", "PgJDBC", base[0]);
    row("point SELECT by key", "mooncake", tested[0]);
    row("single-row INSERT", "PgJDBC", base[1]);
    row("single-row INSERT", "mooncake", tested[1]);
    System.out.printf(
        Locale.ROOT,
        "%nratio mooncake/PgJDBC: SELECT p50 %.3f, p99 %.3f; INSERT p50 %.3f, p99 %.3f%n",
        ratio(tested[0], base[0], 50),
        ratio(tested[0], base[0], 99),
        ratio(tested[1], base[1], 50),
        ratio(tested[1], base[1], 99));
  }

  private static double ratio(LatencyRecorder a, LatencyRecorder b, double p) {
    return a.percentileMicros(p) / b.percentileMicros(p);
  }

  private static void row(String op, String driver, LatencyRecorder r) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %.1f | %.1f | %.1f |%n",
        op,
        driver,
        r.percentileMicros(50),
        r.percentileMicros(99),
        r.meanMicros());
  }

  /** One driver's connection and prepared statements, and the latencies they showed. */
  private static final class Target implements AutoCloseable {
    final String name;
    final Connection conn;
    final PreparedStatement selectStatement;
    final PreparedStatement insertStatement;
    final LatencyRecorder select;
    final LatencyRecorder insert;
    final SplittableRandom random = new SplittableRandom(7);

    Target(String name, String url, LatencyRecorder[] recorders) throws SQLException {
      this.name = name;
      this.conn = DriverManager.getConnection(url);
      this.selectStatement = conn.prepareStatement("SELECT v FROM kv WHERE id = ?");
      this.insertStatement = conn.prepareStatement("INSERT INTO ins (k, v) VALUES (?, ?)");
      this.select = recorders[0];
      this.insert = recorders[1];
    }

    /** One point SELECT and one single-row INSERT. */
    void operation(boolean record) throws SQLException {
      int key = 1 + random.nextInt(ROWS);
      long t0 = System.nanoTime();
      selectStatement.setInt(1, key);
      try (ResultSet rs = selectStatement.executeQuery()) {
        if (!rs.next() || rs.getString(1).length() != 32) {
          throw new IllegalStateException("row " + key + " missing");
        }
      }
      long t1 = System.nanoTime();
      insertStatement.setInt(1, key);
      insertStatement.setString(2, name);
      insertStatement.executeUpdate();
      long t2 = System.nanoTime();
      if (record) {
        select.record(t1 - t0);
        insert.record(t2 - t1);
      }
    }

    @Override
    public void close() throws SQLException {
      conn.close();
    }
  }
}
