package io.mooncake.engine;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What the engine's integration tests share: settings on the embedded PostgreSQL, SQL steps. */
final class EngineTests {

  private EngineTests() {}

  /**
   * Engine settings for {@code db} of the shared embedded PostgreSQL; {@code options} go to the
   * replication connection's {@code options} (e.g. {@code -c logical_decoding_work_mem=64kB}).
   */
  static Engine.Settings settings(
      String db, Path warehouse, long flushRows, Duration flushInterval, String options) {
    return settings(PgFixture.get().port(), db, warehouse, flushRows, flushInterval, options);
  }

  /** As above, through {@code port} on the loopback address. */
  static Engine.Settings settings(
      int port, String db, Path warehouse, long flushRows, Duration flushInterval, String options) {
    Properties props = new Properties();
    props.setProperty("user", EmbeddedPg.USER);
    if (options != null) {
      props.setProperty("options", options);
    }
    return new Engine.Settings(
        "jdbc:postgresql://localhost:" + port + "/" + db,
        props,
        warehouse,
        flushRows,
        flushInterval);
  }

  /** The WAL position now: every commit so far ends at or before it. */
  static Lsn currentLsn(Connection pg) throws SQLException {
    try (Statement s = pg.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
      rs.next();
      return Lsn.parse(rs.getString(1));
    }
  }

  /**
   * Waits up to {@code timeout} for {@code condition}; fails with {@code what} if it never holds.
   */
  static void await(String what, Duration timeout, Condition condition) throws Exception {
    await(what, timeout, condition, () -> "");
  }

  /** As above; {@code state} says what was seen instead. */
  static void await(String what, Duration timeout, Condition condition, Diagnosis state)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout + " waiting for: " + what + " " + state.describe());
      }
      Thread.sleep(50);
    }
  }

  /** A condition a test waits for. */
  interface Condition {
    boolean holds() throws Exception;
  }

  /** What a test saw, for its failure message. */
  interface Diagnosis {
    String describe() throws Exception;
  }

  /** The first column of the first row of {@code select}, as text. */
  static String query(Connection pg, String select) throws SQLException {
    try (Statement s = pg.createStatement();
        ResultSet rs = s.executeQuery(select)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** The rows of a one-column {@code select}, as text. */
  static List<String> column(Connection pg, String select) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = pg.createStatement();
        ResultSet rs = s.executeQuery(select)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The replication slots of the connection's database. */
  static List<String> slots(Connection pg) throws SQLException {
    return column(
        pg,
        "SELECT slot_name FROM pg_replication_slots WHERE database = current_database()"
            + " ORDER BY 1");
  }

  /** The tables in publication {@code mooncake}, as {@code schema.table}. */
  static List<String> published(Connection pg) throws SQLException {
    return column(
        pg,
        "SELECT schemaname || '.' || tablename FROM pg_publication_tables"
            + " WHERE pubname = 'mooncake' ORDER BY 1");
  }

  /** The server process holding the engine's ownership lock in this database, or null. */
  static String ownerPid(Connection pg) throws SQLException {
    return query(
        pg,
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database ="
            + " (SELECT oid FROM pg_database WHERE datname = current_database())");
  }

  static void exec(Connection pg, String... sql) throws SQLException {
    try (Statement s = pg.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }
}
