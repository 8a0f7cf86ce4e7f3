package io.mooncake.demo;

import io.mooncake.testkit.EmbeddedPg;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The main job: starts an embedded PostgreSQL, connects through {@code jdbc:mooncake:} and shows
 * what an application sees. Run with {@code mvn -B -q -Pdemo -DskipTests verify}.
 */
public final class Demo {

  private static final int ORDERS = 500_000;

  private Demo() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    try (EmbeddedPg pg = EmbeddedPg.start()) {
      say("PostgreSQL started on port %d in %d ms (wal_level=logical)", pg.port(), ms(t0));
      java.nio.file.Path warehouse = java.nio.file.Files.createTempDirectory("mooncake-demo");
      String url = pg.mooncakeUrl(pg.createDatabase("shop")) + "&warehouse=" + warehouse;
      say("URL: %s", url);
      try (Connection c = DriverManager.getConnection(url)) {
        DatabaseMetaData md = c.getMetaData();
        say(
            "Connected: %s %s through %s (mooncake %s)",
            md.getDatabaseProductName(),
            md.getDatabaseProductVersion(),
            md.getDriverName() + " " + md.getDriverVersion(),
            io.mooncake.driver.MooncakeDriver.version());
        writes(c);
        notifications(c, url);
        Timed onPostgres = analytics(c, "orders");
        mirror(c, onPostgres);
      }
    }
  }

  private static void writes(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int NOT NULL,"
              + " region text NOT NULL, amount numeric(10,2) NOT NULL,"
              + " ordered_at timestamptz NOT NULL)");
    }
    long t = System.nanoTime();
    StringBuilder csv = new StringBuilder(ORDERS * 48);
    String[] regions = {"north", "south", "east", "west", "central"};
    for (int i = 0; i < ORDERS; i++) {
      csv.append(i % 10_000)
          .append(',')
          .append(regions[i % 5])
          .append(',')
          .append((i * 37) % 100_000 / 100.0)
          .append(",2026-01-01 00:00:00+00")
          .append('\n');
    }
    long copied =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                "COPY orders (customer_id, region, amount, ordered_at) FROM STDIN (FORMAT csv)",
                new StringReader(csv.toString()));
    try (Statement s = c.createStatement()) {
      s.execute("UPDATE orders SET ordered_at = ordered_at + (id % 365) * interval '1 day'");
      s.execute("ANALYZE orders");
    }
    say("COPY through unwrap(PGConnection.class): %,d rows in %d ms", copied, ms(t));

    c.setAutoCommit(false);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO orders (customer_id, region, amount, ordered_at) VALUES (?, ?, ?, now())",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setInt(1, 42);
      ps.setString(2, "north");
      ps.setBigDecimal(3, new java.math.BigDecimal("19.99"));
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        say("Transaction: inserted order %d, then rolled back", keys.getLong("id"));
      }
    }
    c.rollback();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO orders (id, customer_id, region, amount, ordered_at)"
              + " VALUES (1, 1, 'x', 1, now())");
    } catch (SQLException e) {
      say("Errors keep their SQLSTATE: %s %s", e.getSQLState(), e.getMessage().split("\n")[0]);
    }
  }

  private static void notifications(Connection c, String url) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("LISTEN order_events");
    }
    try (Connection other = DriverManager.getConnection(url);
        Statement s = other.createStatement()) {
      s.execute("NOTIFY order_events, 'order 7 shipped'");
    }
    PGNotification[] got = c.unwrap(PGConnection.class).getNotifications(5000);
    say(
        "LISTEN/NOTIFY: received \"%s\" on %s",
        got == null ? "nothing" : got[0].getParameter(), got == null ? "-" : got[0].getName());
  }

  private static final String ANALYTIC =
      "SELECT region, date_trunc('month', ordered_at) AS month, count(*) AS orders,"
          + " sum(amount) AS revenue, max(amount) AS largest"
          + " FROM %s GROUP BY region, month ORDER BY revenue DESC LIMIT 5";

  /** A query's best time and its rows as text. */
  private record Timed(long nanos, java.util.List<String> rows) {}

  /** Runs the analytic query on {@code table} three times; prints the last rows and the best. */
  private static Timed analytics(Connection c, String table) throws SQLException {
    String sql = String.format(Locale.ROOT, ANALYTIC, table);
    say("");
    say("Analytic query on %s:", table);
    say("  %s", sql);
    long best = Long.MAX_VALUE;
    java.util.List<String> rows = java.util.List.of();
    for (int run = 0; run < 3; run++) {
      long t = System.nanoTime();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        rows = print(rs, run == 2);
        if (run == 2 && s.getWarnings() != null) {
          say("  (%s)", s.getWarnings().getMessage());
        }
      }
      best = Math.min(best, System.nanoTime() - t);
    }
    say("  best of 3: %.1f ms", best / 1e6);
    return new Timed(best, rows);
  }

  private static void mirror(Connection c, Timed onPostgres) throws SQLException {
    say("");
    long t = System.nanoTime();
    try (Statement s = c.createStatement()) {
      s.execute("CALL mooncake.create_table('orders_cs', 'orders')");
    }
    say(
        "CALL mooncake.create_table('orders_cs', 'orders'): an Iceberg columnstore mirror of"
            + " %,d rows in %d ms, kept in sync by logical replication",
        ORDERS, ms(t));
    Timed onMirror = analytics(c, "orders_cs");
    say(
        "  on the mirror in %.1f ms against %.1f ms on PostgreSQL (%.1fx), %s",
        onMirror.nanos() / 1e6,
        onPostgres.nanos() / 1e6,
        (double) onPostgres.nanos() / onMirror.nanos(),
        onMirror.rows().equals(onPostgres.rows())
            ? "with the same rows"
            : "BUT WITH DIFFERENT ROWS (a bug: please report it)");

    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO orders (customer_id, region, amount, ordered_at)"
              + " VALUES (7, 'moon', 99999.99, now())");
      try (ResultSet rs =
          s.executeQuery("SELECT region, amount FROM orders_cs WHERE region = 'moon'")) {
        rs.next();
        say("");
        say(
            "Read-your-writes: an INSERT into orders, then at once on orders_cs: %s %s",
            rs.getString(1), rs.getBigDecimal(2));
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT table_name, source_table, state, location FROM mooncake.columnstore_tables")) {
        rs.next();
        say(
            "mooncake.columnstore_tables: %s mirrors %s, %s, Iceberg table at %s",
            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
      }
      s.execute("CALL mooncake.drop_table('orders_cs')");
    }
  }

  /** The rows as text; printed (with a header) when {@code show}. */
  private static java.util.List<String> print(ResultSet rs, boolean show) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    StringBuilder head = new StringBuilder("  ");
    for (int i = 1; i <= md.getColumnCount(); i++) {
      head.append(String.format(Locale.ROOT, "%-26s", md.getColumnLabel(i)));
    }
    if (show) {
      say("%s", head);
    }
    java.util.List<String> rows = new java.util.ArrayList<>();
    while (rs.next()) {
      StringBuilder row = new StringBuilder("  ");
      for (int i = 1; i <= md.getColumnCount(); i++) {
        row.append(String.format(Locale.ROOT, "%-26s", rs.getString(i)));
      }
      rows.add(row.toString());
      if (show) {
        say("%s", row);
      }
    }
    return rows;
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
