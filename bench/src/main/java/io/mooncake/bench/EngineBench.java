package io.mooncake.bench;

import io.mooncake.engine.Engine;
import io.mooncake.engine.Lsn;
import io.mooncake.testkit.EmbeddedPg;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import org.postgresql.PGConnection;

/**
 * The engine on the embedded PostgreSQL: the initial copy of a table against {@code COPY (SELECT
 * ...) TO STDOUT} of the same table; the apply rate of one large transaction; the delay from a
 * commit to its visibility in the mirror at a steady 10,000 row changes per second; then, each in a
 * database of its own, the engine's catch-up on WAL already written against a bare read of the same
 * WAL ({@link ApplyVsDecode}), and the heap of an engine with 10 mirrors under load ({@link
 * HeapUnderLoad}).
 */
public final class EngineBench {

  private EngineBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int lagSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int decodeChanges = args.length > 2 ? Integer.parseInt(args[2]) : 500_000;
    int heapSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    String heapRows = args.length > 4 ? args[4] : "100000,1000000";
    Path warehouse = Files.createTempDirectory("mooncake-bench");
    try (EmbeddedPg pg = EmbeddedPg.start()) {
      String db = pg.createDatabase("bench");
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db));
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE events (id bigint PRIMARY KEY, user_id int, kind text,"
                + " amount numeric(12,2), at timestamptz)");
        s.execute(
            "INSERT INTO events SELECT g, g % 10000, (ARRAY['view','click','buy'])[1 + g % 3],"
                + " (g % 100000) / 100.0, timestamptz '2024-01-01' + g * interval '1 second'"
                + " FROM generate_series(1, "
                + rows
                + ") g");
        s.execute("VACUUM ANALYZE events");

        long t0 = System.nanoTime();
        long copied =
            c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyOut(
                    "COPY (SELECT * FROM events) TO STDOUT (FORMAT csv)",
                    OutputStream.nullOutputStream());
        double copyTo = (System.nanoTime() - t0) / 1e9;

        try (Engine engine = Engine.start(settings(pg, db, warehouse))) {
          long t1 = System.nanoTime();
          engine.createMirror("events_cs", "events");
          double mirror = (System.nanoTime() - t1) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "%n| initial copy of %,d rows | seconds |%n|---|---|%n"
                  + "| COPY (SELECT * FROM events) TO STDOUT (csv), to nowhere | %.2f |%n"
                  + "| CALL create_table (copy, parse, Parquet, Iceberg commit) | %.2f |%n"
                  + "ratio: %.2fx%n",
              copied,
              copyTo,
              mirror,
              mirror / copyTo);

          // One large transaction: how fast the engine applies it once committed.
          int bulk = Math.max(100_000, rows / 4);
          long t2 = System.nanoTime();
          s.execute("UPDATE events SET amount = amount + 1 WHERE id <= " + bulk);
          Lsn target = currentLsn(s);
          long committed = System.nanoTime();
          engine.awaitApplied(target, Duration.ofMinutes(10));
          double apply = (System.nanoTime() - committed) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "%nbulk UPDATE of %,d rows: PostgreSQL %.2f s; then applied by the engine in %.2f s"
                  + " (%,.0f row changes/s, streamed before the commit)%n",
              bulk,
              (committed - t2) / 1e9,
              apply,
              bulk / Math.max(apply, 1e-9));

          lag(engine, c, s, lagSeconds, rows);
        }
      }
      if (decodeChanges > 0) {
        ApplyVsDecode.run(pg, warehouse, decodeChanges);
      }
      if (heapSeconds > 0) {
        for (String size : heapRows.split(",")) {
          HeapUnderLoad.run(pg, warehouse, heapSeconds, Integer.parseInt(size.trim()));
        }
      }
    }
  }

  /** The engine settings of every measurement: flush at 200,000 rows or every 10 s. */
  static Engine.Settings settings(EmbeddedPg pg, String db, Path warehouse) {
    Properties props = new Properties();
    props.setProperty("user", EmbeddedPg.USER);
    return new Engine.Settings(
        "jdbc:postgresql://localhost:" + pg.port() + "/" + db,
        props,
        warehouse,
        200_000,
        Duration.ofSeconds(10));
  }

  /** Commits 100 row changes every 10 ms and measures each commit's delay to visibility. */
  private static void lag(Engine engine, Connection c, Statement s, int seconds, int rows)
      throws SQLException {
    long[] lags = new long[seconds * 100 + 10];
    int n = 0;
    long next = System.nanoTime();
    long end = next + seconds * 1_000_000_000L;
    long id = rows + 1L;
    while (System.nanoTime() < end && n < lags.length) {
      s.execute(
          "INSERT INTO events SELECT g, 1, 'live', 1, now() FROM generate_series("
              + id
              + ", "
              + (id + 49)
              + ") g;"
              + " UPDATE events SET kind = 'seen' WHERE id BETWEEN "
              + (id - 1000)
              + " AND "
              + (id - 951));
      id += 50;
      Lsn target = currentLsn(s);
      long committed = System.nanoTime();
      engine.awaitApplied(target, Duration.ofSeconds(30));
      lags[n++] = System.nanoTime() - committed;
      next += 10_000_000L;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        try {
          Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    long[] sorted = java.util.Arrays.copyOf(lags, n);
    java.util.Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%ncommit-to-visible at 10,000 row changes/s (100 per commit, %d commits): p50 %.2f ms,"
            + " p99 %.2f ms, max %.2f ms%n",
        n,
        sorted[n / 2] / 1e6,
        sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6,
        sorted[n - 1] / 1e6);
  }

  static Lsn currentLsn(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
      rs.next();
      return Lsn.parse(rs.getString(1));
    }
  }
}
