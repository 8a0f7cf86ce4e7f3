package io.mooncake.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooncake.engine.Engine;
import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A process that runs no engine for a database reads the mirrors from the Iceberg tables that the
 * owner's engine keeps: the answers equal PostgreSQL's on the sources after the reader's own writes
 * and the owner's, through updates, deletes (deletion vectors), added columns and mirrors created
 * or dropped meanwhile. The reader is this JVM under another host name ({@code 127.0.0.1}), which
 * the engine registry counts as another database's process; {@code fallback=error} proves each
 * answer came from DuckDB.
 */
class IcebergReadsIT {

  private static final EmbeddedPg PG = PgFixture.get();
  private static final String DB = PG.createDatabase("driver_iceberg_reads");
  private static String owner;
  private static String reader;

  @BeforeAll
  static void mirror() throws Exception {
    owner =
        PG.mooncakeUrl(DB)
            + "&warehouse="
            + Files.createTempDirectory("mooncake-iceberg-reads")
            + "&flushInterval=30s";
    reader = owner.replace("//localhost:", "//127.0.0.1:") + "&engine=off&fallback=error";
    try (Connection c = DriverManager.getConnection(owner);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE orders (id int PRIMARY KEY, grp int, amount numeric(12,2), note text,"
              + " at timestamptz)");
      s.execute(
          "INSERT INTO orders SELECT g, g % 11, g * 1.25, 'n' || g,"
              + " timestamptz '2025-01-01 00:00+00' + g * interval '1 minute'"
              + " FROM generate_series(1, 20000) g");
      s.execute("CALL mooncake.create_table('orders_cs', 'orders')");
    }
  }

  private static final String[] QUERIES = {
    "SELECT count(*), sum(amount), min(note), max(at) FROM {t}",
    "SELECT grp, count(*), sum(amount) FROM {t} GROUP BY grp ORDER BY grp",
    "SELECT id, amount, note FROM {t} WHERE id % 997 = 3 ORDER BY id",
  };

  /** Each row of {@code sql} as text. */
  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? " | " : "").append(rs.getString(i));
        }
        out.add(row.toString());
      }
      assertThat((Object) s.getWarnings()).as(sql).isNull();
    }
    return out;
  }

  private static void assertMirrorEqualsSource(Connection pg, Connection mirror) throws Exception {
    for (String q : QUERIES) {
      assertSameAnswer(pg, mirror, q, "orders");
    }
  }

  /**
   * Query {@code q} gives the same rows through {@code mirror} on {@code table}'s mirror ({@code
   * table_cs}) as through {@code pg} on {@code table} ({@code {t}} stands for the table).
   */
  private static void assertSameAnswer(Connection pg, Connection mirror, String q, String table)
      throws Exception {
    assertThat(rows(mirror, q.replace("{t}", table + "_cs")))
        .as(q)
        .isEqualTo(rows(pg, q.replace("{t}", table)));
  }

  /** An engine of {@code db}, as another process would run it, storing under {@code warehouse}. */
  private static Engine engineOf(String db, Path warehouse) {
    return Engine.start(
        new Engine.Settings(
            PG.jdbcUrl(db),
            new java.util.Properties(),
            warehouse,
            1000,
            Duration.ofSeconds(1),
            Engine.Settings.DEFAULT_SNAPSHOT_RETENTION));
  }

  @Test
  void readYourWritesThroughTheOwnersEngine() throws Exception {
    Random random = new Random(42);
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(DB));
        Connection ownerConn = DriverManager.getConnection(owner);
        Connection c = DriverManager.getConnection(reader)) {
      assertMirrorEqualsSource(pg, c);
      // The owner flushes every 30 s on its own: each answer below needs the reader's request.
      for (int round = 0; round < 12; round++) {
        Connection writer = round % 3 == 2 ? ownerConn : c;
        try (Statement s = writer.createStatement()) {
          int id = 1 + random.nextInt(20000);
          switch (round % 4) {
            case 0 ->
                s.executeUpdate(
                    "INSERT INTO orders VALUES (" + (100000 + round) + ", 3, 9.99, 'new', now())");
            case 1 ->
                s.executeUpdate(
                    "UPDATE orders SET amount = amount + 1, note = 'upd' WHERE grp = "
                        + random.nextInt(11));
            case 2 -> s.executeUpdate("DELETE FROM orders WHERE id % 50 = " + random.nextInt(50));
            default -> s.executeUpdate("UPDATE orders SET id = id + 200000 WHERE id = " + id);
          }
        }
        assertMirrorEqualsSource(pg, c);
      }
      // A prepared query, and a transaction that only read, run on DuckDB too.
      try (PreparedStatement ps =
          c.prepareStatement("SELECT count(*) FROM orders_cs WHERE grp = ?")) {
        ps.setInt(1, 4);
        try (ResultSet rs = ps.executeQuery();
            Statement s = pg.createStatement();
            ResultSet expected = s.executeQuery("SELECT count(*) FROM orders WHERE grp = 4")) {
          rs.next();
          expected.next();
          assertThat(rs.getLong(1)).isEqualTo(expected.getLong(1));
        }
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("EXPLAIN SELECT count(*) FROM orders_cs")) {
        rs.next();
        assertThat(rs.getString(1))
            .startsWith("mooncake route: DuckDB")
            .contains("their Iceberg tables, written by another process's engine, at ");
      }
    }
  }

  @Test
  void addedColumnsAndNewMirrorsAreSeen() throws Exception {
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(DB));
        Connection ownerConn = DriverManager.getConnection(owner);
        Connection c = DriverManager.getConnection(reader);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE tags (id int PRIMARY KEY, tag text)");
      s.execute("INSERT INTO tags SELECT g, 't' || (g % 5) FROM generate_series(1, 300) g");
      try (Statement o = ownerConn.createStatement()) {
        o.execute("CALL mooncake.create_table('tags_cs', 'tags')");
      }
      // The reader knows of a mirror another process created at once: PostgreSQL's 42P01 for
      // the name it did not know makes it read the catalog again.
      assertSameAnswer(pg, c, "SELECT tag, count(*) FROM {t} GROUP BY tag ORDER BY tag", "tags");

      // A column added with no row change after it: the reader asks the owner to follow it.
      s.execute("ALTER TABLE tags ADD COLUMN weight int DEFAULT 7");
      String w = "SELECT weight, count(*) FROM {t} GROUP BY weight ORDER BY weight";
      assertSameAnswer(pg, c, w, "tags");
      s.execute("UPDATE tags SET weight = id % 3 WHERE id <= 100");
      assertSameAnswer(pg, c, w, "tags");

      // A mirror dropped elsewhere is gone here too (its files with it).
      try (Statement o = ownerConn.createStatement()) {
        o.execute("CALL mooncake.drop_table('tags_cs')");
      }
      assertThatThrownBy(() -> rows(c, "SELECT count(*) FROM tags_cs"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42P01");
    }
  }

  @Test
  void truncatesRollbacksAndRefillsAreFollowed() throws Exception {
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(DB));
        Connection ownerConn = DriverManager.getConnection(owner);
        Connection c = DriverManager.getConnection(reader);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE events (id bigint PRIMARY KEY, kind text, n int)");
      s.execute("INSERT INTO events SELECT g, 'k' || (g % 4), g FROM generate_series(1, 5000) g");
      try (Statement o = ownerConn.createStatement()) {
        o.execute("CALL mooncake.create_table('events_cs', 'events')");
      }
      String q = "SELECT kind, count(*), sum(n) FROM {t} GROUP BY kind ORDER BY kind";
      assertSameAnswer(pg, c, q, "events");
      s.execute("TRUNCATE events");
      assertThat(rows(c, "SELECT count(*) FROM events_cs")).containsExactly("0");
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO events VALUES (1, 'gone', 1)");
      c.rollback();
      c.setAutoCommit(true);
      s.executeUpdate(
          "INSERT INTO events SELECT g, 'r' || (g % 3), -g FROM generate_series(1, 700) g");
      s.executeUpdate("DELETE FROM events WHERE id % 7 = 0");
      assertSameAnswer(pg, c, q, "events");
    }
  }

  @Test
  void createSnapshotAsksTheOwnersEngine() throws Exception {
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(DB));
        Connection c = DriverManager.getConnection(reader);
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO orders VALUES (300001, 1, 1.00, 'snap', now())");
      s.executeUpdate("DELETE FROM orders WHERE id % 101 = 7");
      s.execute("CALL mooncake.create_snapshot('orders_cs')");
      // The Iceberg table itself (no engine, no DuckDB) holds the source's rows now.
      String location;
      long expected;
      try (Statement p = pg.createStatement()) {
        try (ResultSet rs =
            p.executeQuery(
                "SELECT location FROM mooncake.columnstore_tables WHERE table_name = 'orders_cs'")) {
          rs.next();
          location = rs.getString(1);
        }
        try (ResultSet rs = p.executeQuery("SELECT count(*) FROM orders")) {
          rs.next();
          expected = rs.getLong(1);
        }
      }
      assertThat(
              io.mooncake.engine.storage.MirrorTable.open(Path.of(location))
                  .state()
                  .liveRecordCount())
          .isEqualTo(expected);
      assertThatThrownBy(() -> s.execute("CALL mooncake.create_snapshot('no_such_mirror')"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42P01");
    }
  }

  @Test
  void anEmbeddedProcessTakesTheEngineOverWhenItsOwnerStops() throws Exception {
    String db = PG.createDatabase("driver_iceberg_takeover");
    Path warehouse = Files.createTempDirectory("mooncake-iceberg-takeover");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db));
        Statement s = pg.createStatement()) {
      s.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
      s.execute("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 500) g");
    }
    Engine first = engineOf(db, warehouse);
    String url =
        PG.mooncakeUrl(db).replace("//localhost:", "//127.0.0.1:") + "&warehouse=" + warehouse;
    try {
      first.createMirror("t_cs", "t");
      // The owner is another "process": this one, embedded by default, reads the Iceberg tables.
      try (Connection c = DriverManager.getConnection(url)) {
        assertThat(rows(c, "SELECT count(*) FROM t_cs")).containsExactly("500");
        assertThat(EngineRegistry.running((MooncakeConnection) c)).isNull();
        first.close();
        // Its queries fall back while no engine streams, and this process takes the engine over.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (EngineRegistry.running((MooncakeConnection) c) == null) {
          assertThat(System.nanoTime()).as("taken over in 30 s").isLessThan(deadline);
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT count(*) FROM t_cs")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(500);
          }
          Thread.sleep(200);
        }
      }
      try (Connection c = DriverManager.getConnection(url + "&fallback=error");
          Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO t VALUES (501, 'after the takeover')");
        assertThat(rows(c, "SELECT count(*), max(v) FROM t_cs")).containsExactly("501 | v99");
      }
    } finally {
      first.close();
    }
  }

  @Test
  void withoutAnEngineStreamingQueriesRunOnTheSources() throws Exception {
    // A database whose engine stopped: its mirrors' tables are not kept current, so a reader
    // answers from the sources (with the warning), or refuses under fallback=error.
    String db = PG.createDatabase("driver_iceberg_orphan");
    Path warehouse = Files.createTempDirectory("mooncake-iceberg-orphan");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db));
        Statement s = pg.createStatement()) {
      s.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
      s.execute("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g");
    }
    try (Engine engine = engineOf(db, warehouse)) {
      engine.createMirror("t_cs", "t");
    }
    String url = PG.mooncakeUrl(db) + "&engine=off";
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO t VALUES (101, 'late')");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t_cs")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(101);
      }
      assertThat(s.getWarnings().getMessage()).contains("no mooncake engine streams");
    }
    try (Connection c = DriverManager.getConnection(url + "&fallback=error");
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT count(*) FROM t_cs"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("0A000");
      // freshness=0 reads what the tables hold, without waiting for an engine.
    }
    try (Connection c = DriverManager.getConnection(url + "&fallback=error&freshness=0");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), max(id) FROM t_cs")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(100);
      assertThat(rs.getInt(2)).isEqualTo(100);
    }
  }
}
