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
      String url = pg.mooncakeUrl(pg.createDatabase("shop"));
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
        analytics(c);
      }
      say("");
      say(
          "Next: CALL mooncake.create_table('orders_cs', 'orders') will keep a columnstore mirror"
              + " of orders in Iceberg and answer the same query on DuckDB; see docs/status.md.");
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

  private static void analytics(Connection c) throws SQLException {
    String sql =
        "SELECT region, date_trunc('month', ordered_at) AS month, count(*) AS orders,"
            + " sum(amount) AS revenue, avg(amount)::numeric(10,2) AS avg_amount"
            + " FROM orders GROUP BY region, month ORDER BY revenue DESC LIMIT 5";
    say("");
    say("Analytic query on PostgreSQL (row store), %,d orders:", ORDERS);
    say("  %s", sql);
    long best = Long.MAX_VALUE;
    for (int run = 0; run < 3; run++) {
      long t = System.nanoTime();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        if (run == 2) {
          print(rs);
        } else {
          while (rs.next()) {
            // warm-up runs: read and discard
          }
        }
      }
      best = Math.min(best, System.nanoTime() - t);
    }
    say("  best of 3: %.1f ms on PostgreSQL", best / 1e6);
  }

  private static void print(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    StringBuilder head = new StringBuilder("  ");
    for (int i = 1; i <= md.getColumnCount(); i++) {
      head.append(String.format(Locale.ROOT, "%-26s", md.getColumnLabel(i)));
    }
    say("%s", head);
    while (rs.next()) {
      StringBuilder row = new StringBuilder("  ");
      for (int i = 1; i <= md.getColumnCount(); i++) {
        row.append(String.format(Locale.ROOT, "%-26s", rs.getString(i)));
      }
      say("%s", row);
    }
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
