package io.mooncake.engine;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
    return settings(PgFixture.get(), db, warehouse, flushRows, flushInterval, options);
  }

  /** As above, on {@code pg}. */
  static Engine.Settings settings(
      EmbeddedPg pg,
      String db,
      Path warehouse,
      long flushRows,
      Duration flushInterval,
      String options) {
    Properties props = new Properties();
    props.setProperty("user", EmbeddedPg.USER);
    if (options != null) {
      props.setProperty("options", options);
    }
    return new Engine.Settings(
        "jdbc:postgresql://localhost:" + pg.port() + "/" + db,
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
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }

  /** A condition a test waits for. */
  interface Condition {
    boolean holds() throws Exception;
  }

  /** The first column of the first row of {@code select}, as text. */
  static String query(Connection pg, String select) throws SQLException {
    try (Statement s = pg.createStatement();
        ResultSet rs = s.executeQuery(select)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  static void exec(Connection pg, String... sql) throws SQLException {
    try (Statement s = pg.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }
}
