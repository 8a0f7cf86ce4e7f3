package io.mooncake.bench;

import io.mooncake.calcite.DuckDbSession;
import io.mooncake.testkit.EmbeddedPg;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The query path on a ClickBench-like {@code hits} table: each query on PostgreSQL against the
 * source, through the driver against the mirror, and on DuckDB alone over the mirror's Parquet
 * files (same settings); the answers of the first two must have the same rows. Then the
 * read-your-writes probe: commit a row, query the mirror for it at once, under a sustained write
 * load on the same table.
 */
public final class QueryBench {

  private QueryBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int probes = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    Path warehouse = Files.createTempDirectory("mooncake-query-bench");
    try (EmbeddedPg pg = EmbeddedPg.start()) {
      String db = pg.createDatabase("bench");
      String mooncake = pg.mooncakeUrl(db) + "&warehouse=" + warehouse;
      long t0 = System.nanoTime();
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db));
          Statement s = c.createStatement()) {
        s.execute(resource("setup.sql").replace(":rows", Integer.toString(rows)));
        s.execute("VACUUM ANALYZE hits");
      }
      System.out.printf(Locale.ROOT, "loaded %,d rows in %.1f s%n", rows, secondsSince(t0));
      try (Connection pgConn = DriverManager.getConnection(pg.jdbcUrl(db));
          Connection mc = DriverManager.getConnection(mooncake);
          Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
        long t1 = System.nanoTime();
        try (Statement s = mc.createStatement()) {
          s.execute("CALL mooncake.create_table('hits_cs', 'hits')");
          s.execute("CALL mooncake.create_snapshot('hits_cs')");
        }
        System.out.printf(Locale.ROOT, "mirror created in %.1f s%n", secondsSince(t1));
        prepareDuckDb(duck, mc);
        overhead(mc, mooncake, duck);
        compare(pgConn, mc, duck, runs);
        readYourWrites(pg.jdbcUrl(db), mc, rows, probes, "in the engine's process");
        // The same database under another host name is another database to this JVM's engine
        // registry: this connection reads the mirror as a process without the engine does.
        String elsewhere = mooncake.replace("//localhost:", "//127.0.0.1:") + "&engine=off";
        try (Connection other = DriverManager.getConnection(elsewhere)) {
          readYourWrites(
              pg.jdbcUrl(db),
              other,
              rows,
              Math.max(50, probes / 5),
              "in another process (engine=off, from the Iceberg tables)");
        }
      }
    }
  }

  /** DuckDB alone: a view {@code hits} over the mirror's Parquet files, the driver's settings. */
  private static void prepareDuckDb(Connection duck, Connection mc) throws Exception {
    duckDbSettings(duck);
    parquetView(duck, mc, "hits_cs", "hits");
  }

  /**
   * The driver's DuckDB session settings, on {@code duck} (DuckDB alone), but for its guards:
   * DuckDB alone computes what the driver would leave to PostgreSQL (numeric division in floating
   * point).
   */
  static void duckDbSettings(Connection duck) throws SQLException {
    try (Statement s = duck.createStatement()) {
      for (String setting : DuckDbSession.SETTINGS) {
        if (!DuckDbSession.GUARDS.contains(setting)) {
          s.execute(setting);
        }
      }
      s.execute(DuckDbSession.timeZone("UTC"));
    }
  }

  /**
   * A view {@code view} on {@code duck} over the Parquet files of mirror {@code mirror}, whose
   * location {@code mc} reads from the catalog.
   */
  static void parquetView(Connection duck, Connection mc, String mirror, String view)
      throws Exception {
    String location;
    try (PreparedStatement ps =
        mc.prepareStatement(
            "SELECT location FROM mooncake.columnstore_tables WHERE table_name = ?")) {
      ps.setString(1, mirror);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        location = rs.getString(1);
      }
    }
    List<String> files;
    try (Stream<Path> walk = Files.walk(Path.of(location))) {
      files =
          walk.filter(p -> p.toString().endsWith(".parquet"))
              .map(p -> "'" + p + "'")
              .collect(Collectors.toList());
    }
    try (Statement s = duck.createStatement()) {
      s.execute(
          "CREATE VIEW "
              + view
              + " AS SELECT * FROM read_parquet(["
              + String.join(", ", files)
              + "])");
    }
  }

  private static void compare(Connection pg, Connection mc, Connection duck, int runs)
      throws Exception {
    String[] queries = resource("queries.sql").split(";\\s*\\n");
    double logPg = 0;
    double logDuck = 0;
    int onDuckDb = 0;
    double[][] medians = new double[queries.length][];
    System.out.printf(
        Locale.ROOT,
        "%n| # | route | PostgreSQL ms | mirror ms | DuckDB alone ms | PG / mirror | mirror / DuckDB |"
            + "%n|---|---|---|---|---|---|---|%n");
    for (int q = 0; q < queries.length; q++) {
      String sql = queries[q].trim();
      String onMirror = sql.replaceAll("\\bhits\\b", "hits_cs");
      List<String> expected = rows(pg, sql, null);
      String[] fellBack = new String[1];
      List<String> actual = rows(mc, onMirror, fellBack);
      if (!expected.equals(actual)) {
        throw new IllegalStateException(
            "different answers for " + sql + "\nPostgreSQL: " + expected + "\nmirror: " + actual);
      }
      double[] tPg = new double[runs];
      double[] tMc = new double[runs];
      double[] tDuck = new double[runs];
      for (int r = 0; r < runs; r++) {
        tPg[r] = time(pg, sql);
        tMc[r] = time(mc, onMirror);
        tDuck[r] = time(duck, sql);
      }
      double p = median(tPg);
      double m = median(tMc);
      double d = median(tDuck);
      medians[q] = new double[] {p, m, d};
      logPg += Math.log(p / m);
      logDuck += Math.log(m / d);
      if (fellBack[0] == null) {
        onDuckDb++;
      }
      System.out.printf(
          Locale.ROOT,
          "| %d | %s | %.1f | %.1f | %.1f | %.1fx | %.2fx |%n",
          q,
          fellBack[0] != null ? "PostgreSQL" : "DuckDB",
          p,
          m,
          d,
          p / m,
          m / d);
    }
    System.out.printf(
        Locale.ROOT,
        "%n%d queries (%d on DuckDB), median of %d runs each: PostgreSQL / mirror geomean %.1fx;"
            + " mirror / DuckDB alone geomean %.2fx%n",
        queries.length,
        onDuckDb,
        runs,
        Math.exp(logPg / queries.length),
        Math.exp(logDuck / queries.length));
    Path plot = Path.of("target", "query-bench.svg");
    Files.writeString(plot, plot(medians));
    System.out.println("plot: " + plot.toAbsolutePath());
  }

  /** A bar chart (log scale) of each query's median time on the three routes, as SVG. */
  static String plot(double[][] medians) {
    String[] colors = {"#4e79a7", "#f28e2b", "#59a14f"};
    String[] names = {"PostgreSQL (source)", "mooncake (mirror, via the driver)", "DuckDB alone"};
    int n = medians.length;
    int barW = 7;
    int groupW = barW * 3 + 6;
    int left = 50;
    int top = 30;
    int h = 260;
    int width = left + n * groupW + 20;
    double maxLog = 0;
    for (double[] t : medians) {
      for (double v : t) {
        maxLog = Math.max(maxLog, Math.log10(Math.max(v, 1)));
      }
    }
    maxLog = Math.ceil(maxLog);
    StringBuilder svg = new StringBuilder();
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                    + " font-family=\"sans-serif\" font-size=\"10\">%n",
                width,
                top + h + 60))
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
        .append(
            "<text x=\"50\" y=\"18\" font-size=\"13\">Query time per query, ms (log scale)</text>\n");
    for (int e = 0; e <= maxLog; e++) {
      double y = top + h - h * e / maxLog;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              left,
              width - 20,
              y,
              y,
              left - 4,
              y + 3,
              e == 0 ? "1" : "1e" + e));
    }
    for (int q = 0; q < n; q++) {
      int x0 = left + q * groupW + 3;
      for (int k = 0; k < 3; k++) {
        double bar = h * Math.log10(Math.max(medians[q][k], 1)) / maxLog;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>%n",
                x0 + k * barW,
                top + h - bar,
                barW - 1,
                Math.max(bar, 0.5),
                colors[k]));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
              x0 + groupW / 2 - 3,
              top + h + 12,
              q));
    }
    for (int k = 0; k < 3; k++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s</text>%n",
              left + k * 220,
              top + h + 30,
              colors[k],
              left + k * 220 + 14,
              top + h + 39,
              names[k]));
    }
    return svg.append("</svg>\n").toString();
  }

  /**
   * What the driver adds to a warm query DuckDB answers in about a millisecond: the whole path, and
   * the path without the freshness barrier ({@code freshness=0}).
   */
  private static void overhead(Connection mc, String mooncakeUrl, Connection duck)
      throws SQLException {
    String sql = "SELECT count(*) FROM hits WHERE advengineid = 3";
    String onMirror = sql.replace("hits", "hits_cs");
    try (Connection noWait = DriverManager.getConnection(mooncakeUrl + "&freshness=0")) {
      LatencyRecorder full = new LatencyRecorder(300);
      LatencyRecorder unfenced = new LatencyRecorder(300);
      LatencyRecorder alone = new LatencyRecorder(300);
      for (int i = 0; i < 350; i++) {
        long a = System.nanoTime();
        time(mc, onMirror);
        long b = System.nanoTime();
        time(noWait, onMirror);
        long c = System.nanoTime();
        time(duck, sql);
        long d = System.nanoTime();
        if (i >= 50) {
          full.record(b - a);
          unfenced.record(c - b);
          alone.record(d - c);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%nwarm path (%s), 300 runs, p50 / p99 ms: DuckDB alone %.2f / %.2f; driver with"
              + " freshness=0 %.2f / %.2f; driver (freshness barrier) %.2f / %.2f%n",
          sql,
          alone.percentileMicros(50) / 1000,
          alone.percentileMicros(99) / 1000,
          unfenced.percentileMicros(50) / 1000,
          unfenced.percentileMicros(99) / 1000,
          full.percentileMicros(50) / 1000,
          full.percentileMicros(99) / 1000);
    }
  }

  /** Commits a row and queries the mirror for it at once, while another session writes. */
  private static void readYourWrites(
      String pgUrl, Connection mc, int rows, int probes, String where) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    long[] written = new long[1];
    Thread writer =
        new Thread(
            () -> {
              try (Connection w = DriverManager.getConnection(pgUrl);
                  Statement s = w.createStatement()) {
                long id = rows;
                while (!stop.get()) {
                  // 50 inserts and 50 updates every 10 ms: about 10,000 row changes a second.
                  s.execute(
                      "INSERT INTO hits SELECT watchid + "
                          + rows
                          + " * 10, userid, counterid, eventdate, eventtime, regionid,"
                          + " advengineid, resolutionwidth, searchphrase, searchengineid, url,"
                          + " title, mobilephone, mobilephonemodel, isrefresh, traficsourceid,"
                          + " referer, clientip, dontcounthits, islink, isdownload,"
                          + " windowclientwidth, windowclientheight FROM hits WHERE watchid"
                          + " BETWEEN "
                          + (id % rows + 1)
                          + " AND "
                          + (id % rows + 50)
                          + " ON CONFLICT DO NOTHING;"
                          + " UPDATE hits SET isrefresh = 1 - isrefresh WHERE watchid BETWEEN "
                          + (id % rows + 1)
                          + " AND "
                          + (id % rows + 50));
                  id += 50;
                  written[0] += 100;
                  Thread.sleep(10);
                }
              } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            },
            "writer");
    writer.start();
    Thread.sleep(2000);
    LatencyRecorder lag = new LatencyRecorder(probes);
    try (Statement s = mc.createStatement();
        PreparedStatement read =
            mc.prepareStatement("SELECT count(*) FROM hits_cs WHERE watchid = ?")) {
      for (int i = 0; i < probes; i++) {
        long id = -1L - i - (where.startsWith("in another") ? 1_000_000L : 0);
        s.executeUpdate(
            "INSERT INTO hits SELECT "
                + id
                + ", userid, counterid, eventdate, eventtime, regionid, advengineid,"
                + " resolutionwidth, searchphrase, searchengineid, url, title, mobilephone,"
                + " mobilephonemodel, isrefresh, traficsourceid, referer, clientip, dontcounthits,"
                + " islink, isdownload, windowclientwidth, windowclientheight FROM hits WHERE"
                + " watchid = 1");
        long committed = System.nanoTime();
        read.setLong(1, id);
        try (ResultSet rs = read.executeQuery()) {
          rs.next();
          if (rs.getInt(1) != 1 || read.getWarnings() != null) {
            throw new IllegalStateException("probe " + id + " not seen on DuckDB");
          }
        }
        lag.record(System.nanoTime() - committed);
        Thread.sleep(20);
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    System.out.printf(
        Locale.ROOT,
        "%nread-your-writes probe %s (commit, then the mirror query that must see it), %d"
            + " probes under ~10,000 row changes/s (%,d written): p50 %.1f ms, p99 %.1f ms, max"
            + " %.1f ms%n",
        where,
        lag.count(),
        written[0],
        lag.percentileMicros(50) / 1000,
        lag.percentileMicros(99) / 1000,
        lag.percentileMicros(100) / 1000);
  }

  /**
   * The rows of {@code sql}, as text; {@code fellBack[0]}: why the driver ran it on PostgreSQL,
   * null when it ran on DuckDB.
   */
  static List<String> rows(Connection c, String sql, String[] fellBack) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(rs.getString(i)).append('|');
        }
        out.add(row.toString());
      }
      if (fellBack != null) {
        SQLWarning w = s.getWarnings();
        fellBack[0] =
            w != null && w.getMessage().startsWith("mooncake ran this query")
                ? w.getMessage()
                : null;
      }
    }
    return out;
  }

  /** Milliseconds to run {@code sql} and read every row. */
  static double time(Connection c, String sql) throws SQLException {
    long t = System.nanoTime();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rs.getString(1);
      }
    }
    return (System.nanoTime() - t) / 1e6;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = QueryBench.class.getResourceAsStream("/hits-like/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
