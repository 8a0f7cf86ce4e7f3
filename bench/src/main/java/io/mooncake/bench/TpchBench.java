package io.mooncake.bench;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.TpchLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TPC-H's 22 queries (the differential corpus' PostgreSQL texts, {@code
 * sql-tests/src/test/resources/corpus/tpch}) on dbgen's data at a scale factor (1 by default),
 * three ways: PostgreSQL on the source tables (parallel workers on, primary keys as in the corpus),
 * through the mooncake driver on the mirrors, and DuckDB alone over the mirrors' Parquet files. The
 * sources are in schema {@code src} (PostgreSQL's session finds them by its {@code search_path})
 * and the mirrors have their names in {@code public}, so each query runs unchanged on all three.
 * PostgreSQL's answer is checked against the driver's. A PostgreSQL query that runs longer than the
 * timeout is cancelled and counted at the timeout (the ratio is then a lower bound).
 */
public final class TpchBench {

  private TpchBench() {}

  private static final String[] TABLES = {
    "region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"
  };

  public static void main(String[] args) throws Exception {
    double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int timeoutSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 120;
    Path corpus =
        Path.of(args.length > 3 ? args[3] : "../sql-tests/src/test/resources/corpus/tpch");
    Path warehouse = Files.createTempDirectory("mooncake-tpch-bench");
    try (EmbeddedPg pg = EmbeddedPg.start()) {
      String db = pg.createDatabase("tpch");
      long t0 = System.nanoTime();
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db));
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA src");
        s.execute("SET search_path = src");
        s.execute(Files.readString(corpus.resolve("setup.sql")));
        TpchLoader.load(c, scale);
        s.execute("VACUUM ANALYZE");
      }
      System.out.printf(
          Locale.ROOT,
          "TPC-H at scale factor %s loaded in %.1f s%n",
          scale,
          QueryBench.secondsSince(t0));
      String mooncake = pg.mooncakeUrl(db) + "&warehouse=" + warehouse;
      try (Connection pgConn = DriverManager.getConnection(pg.jdbcUrl(db));
          Connection mc = DriverManager.getConnection(mooncake);
          Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
        long t1 = System.nanoTime();
        try (Statement s = mc.createStatement()) {
          for (String t : TABLES) {
            s.execute("CALL mooncake.create_table('public." + t + "', 'src." + t + "')");
          }
          // Queries that fall back run on PostgreSQL: the same limit.
          s.execute("SET statement_timeout = '" + timeoutSeconds + "s'");
        }
        System.out.printf(
            Locale.ROOT, "8 mirrors created in %.1f s%n", QueryBench.secondsSince(t1));
        try (Statement s = pgConn.createStatement()) {
          s.execute("SET search_path = src");
          s.execute("SET statement_timeout = '" + timeoutSeconds + "s'");
        }
        QueryBench.duckDbSettings(duck);
        for (String t : TABLES) {
          QueryBench.parquetView(duck, mc, t, t);
        }
        compare(corpus, pgConn, mc, duck, runs, timeoutSeconds);
      }
    }
  }

  private static void compare(
      Path corpus, Connection pg, Connection mc, Connection duck, int runs, int timeoutSeconds)
      throws Exception {
    double logPg = 0;
    double logDuck = 0;
    int onDuckDb = 0;
    int duckCompared = 0;
    int timedOut = 0;
    System.out.printf(
        Locale.ROOT,
        "%n| query | route | PostgreSQL ms | mirror ms | DuckDB alone ms | PG / mirror |"
            + " mirror / DuckDB |%n|---|---|---|---|---|---|---|%n");
    List<String> reasons = new ArrayList<>();
    for (int q = 1; q <= 22; q++) {
      String sql = Files.readString(corpus.resolve(String.format(Locale.ROOT, "q%02d.sql", q)));
      String[] fellBack = new String[1];
      List<String> actual;
      try {
        actual = QueryBench.rows(mc, sql, fellBack);
      } catch (SQLException e) {
        if (!"57014".equals(e.getSQLState())) {
          throw e;
        }
        // On PostgreSQL (a fallback) past the timeout: no answer to compare.
        actual = null;
        fellBack[0] = "(cancelled at the statement timeout)";
      }
      double[] tPg = new double[runs];
      double[] tMc = new double[runs];
      double[] tDuck = new double[runs];
      boolean pgTimedOut = false;
      boolean mcTimedOut = actual == null;
      boolean duckRuns = true;
      double cancelled = timeoutSeconds * 1000.0;
      for (int r = 0; r < runs; r++) {
        tMc[r] = mcTimedOut ? cancelled : timeOrCancel(mc, sql, cancelled);
        mcTimedOut = tMc[r] >= cancelled;
        try {
          tDuck[r] = duckRuns ? QueryBench.time(duck, sql) : Double.NaN;
        } catch (SQLException e) {
          // PostgreSQL syntax DuckDB does not take as it is (the driver's translation does).
          duckRuns = false;
          tDuck[r] = Double.NaN;
        }
        if (pgTimedOut) {
          tPg[r] = cancelled;
          continue;
        }
        try {
          long t = System.nanoTime();
          List<String> expected = QueryBench.rows(pg, sql, null);
          tPg[r] = (System.nanoTime() - t) / 1e6;
          if (r == 0 && actual != null && !expected.equals(actual)) {
            throw new IllegalStateException(
                "different answers for q"
                    + q
                    + "\nPostgreSQL: "
                    + expected
                    + "\nmirror: "
                    + actual);
          }
        } catch (SQLException e) {
          if (!"57014".equals(e.getSQLState())) {
            throw e;
          }
          pgTimedOut = true;
          tPg[r] = cancelled;
        }
      }
      double p = QueryBench.median(tPg);
      double m = QueryBench.median(tMc);
      double d = QueryBench.median(tDuck);
      logPg += Math.log(p / m);
      if (duckRuns) {
        logDuck += Math.log(m / d);
        duckCompared++;
      }
      if (fellBack[0] == null) {
        onDuckDb++;
      } else {
        reasons.add(String.format(Locale.ROOT, "q%02d: %s", q, fellBack[0]));
      }
      if (pgTimedOut) {
        timedOut++;
      }
      System.out.printf(
          Locale.ROOT,
          "| q%02d | %s | %s%.0f | %s%.0f | %s | %s%.1fx | %s |%n",
          q,
          fellBack[0] != null ? "PostgreSQL" : "DuckDB",
          pgTimedOut ? "> " : "",
          p,
          mcTimedOut ? "> " : "",
          m,
          duckRuns ? String.format(Locale.ROOT, "%.0f", d) : "n/a",
          pgTimedOut && !mcTimedOut ? "> " : "",
          p / m,
          duckRuns ? String.format(Locale.ROOT, "%.2fx", m / d) : "n/a");
    }
    System.out.printf(
        Locale.ROOT,
        "%n22 queries (%d on DuckDB, %d cancelled on PostgreSQL after %d s and counted at that),"
            + " median of %d run(s): PostgreSQL / mirror geomean %.1fx; mirror / DuckDB alone"
            + " geomean %.2fx over the %d queries DuckDB alone runs as written%n",
        onDuckDb,
        timedOut,
        timeoutSeconds,
        runs,
        Math.exp(logPg / 22),
        duckCompared == 0 ? Double.NaN : Math.exp(logDuck / duckCompared),
        duckCompared);
    reasons.forEach(r -> System.out.println("- " + r));
  }

  /** Milliseconds to run {@code sql} through {@code c}; {@code cancelled} when it was. */
  private static double timeOrCancel(Connection c, String sql, double cancelled)
      throws SQLException {
    try {
      return QueryBench.time(c, sql);
    } catch (SQLException e) {
      if (!"57014".equals(e.getSQLState())) {
        throw e;
      }
      return cancelled;
    }
  }
}
