package io.mooncake.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The engine's control connection and the session-level advisory lock it holds, which makes this
 * process the owner of its database's slot. The lock lives as long as the session: when the
 * connection is lost (PostgreSQL restarted, network cut) the ownership is lost with it, and {@link
 * #renew} takes it again unless another process took it meanwhile.
 *
 * <p>Callers synchronize on this object around every use of {@link #connection()}.
 */
final class ControlSession implements AutoCloseable {

  /** Opens connections to the source database. */
  interface Connector {
    Connection connect() throws SQLException;
  }

  /** What {@link #renew} found. */
  enum Renewal {
    /** The connection was fine, or a new one holds the lock again. */
    OWNED,
    /** Another process holds the lock now: this one must stop owning. */
    TAKEN
  }

  private static final long ENGINE_LOCK = 0x6d6f6f6e63616b65L; // "mooncake"
  private static final int NETWORK_TIMEOUT_MS = 15_000;

  private final Connector connector;
  private Connection connection;
  private String database;

  /** The server process and start time of the session holding the lock, to recognise it later. */
  private int backendPid;

  private OffsetDateTime backendStart;

  private volatile boolean lost;

  private ControlSession(Connector connector) {
    this.connector = connector;
  }

  /**
   * Connects and takes the lock, waiting at most {@code wait} for another process to release it;
   * {@code 55000} when it does not.
   */
  static ControlSession acquire(Connector connector, Duration wait) throws SQLException {
    ControlSession session = new ControlSession(connector);
    Connection c = connector.connect();
    try {
      if (!lock(c, wait)) {
        throw new EngineException(
            "55000",
            "another process runs the mooncake engine of this database; this one only reads");
      }
      session.install(c);
      c = null;
      return session;
    } finally {
      if (c != null) {
        c.close();
      }
    }
  }

  /** The control connection; synchronize on this session while using it. */
  Connection connection() {
    return connection;
  }

  String database() {
    return database;
  }

  /** Whether the session was found lost and not renewed yet (then this process may not own). */
  boolean lost() {
    return lost;
  }

  /**
   * Whether the session still answers: a round trip, so that what follows (an Iceberg commit)
   * happens while this process owns the database. Marks the session lost when it does not.
   */
  synchronized boolean verify() {
    if (!lost) {
      try (Statement s = connection.createStatement()) {
        s.execute("SELECT 1");
      } catch (SQLException e) {
        lost = true;
      }
    }
    return !lost;
  }

  /**
   * After {@link #verify} failed: a new connection that holds the lock again. Our own previous
   * session may still hold it when the server did not notice the connection break (a network cut):
   * that session is terminated. A lock held by anyone else is another owner's. Throws SQLException
   * while the server cannot be reached.
   */
  synchronized Renewal renew() throws SQLException {
    if (!lost && connection.isValid(2)) {
      return Renewal.OWNED;
    }
    lost = true;
    Connection c = connector.connect();
    try {
      boolean locked = lock(c, Duration.ZERO);
      for (int i = 0; !locked && i < 3 && terminateOurOldSession(c); i++) {
        locked = lock(c, Duration.ofSeconds(10));
      }
      if (!locked) {
        return Renewal.TAKEN;
      }
      closeQuietly(connection);
      install(c);
      c = null;
      lost = false;
      return Renewal.OWNED;
    } finally {
      closeQuietly(c);
    }
  }

  /** Whether the lock's holder was this engine's previous session, now terminated. */
  private boolean terminateOurOldSession(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT a.pid, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid ="
                + " l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ? AND"
                + " l.objid = ? AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database"
                + " WHERE datname = current_database())")) {
      ps.setLong(1, ENGINE_LOCK >>> 32);
      ps.setLong(2, ENGINE_LOCK & 0xffffffffL);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()
            || rs.getInt(1) != backendPid
            || !rs.getObject(2, OffsetDateTime.class).isEqual(backendStart)) {
          return false;
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      ps.setInt(1, backendPid);
      ps.execute();
    }
    return true;
  }

  private void install(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_database(), pid, backend_start FROM pg_stat_activity"
                    + " WHERE pid = pg_backend_pid()")) {
      rs.next();
      database = rs.getString(1);
      backendPid = rs.getInt(2);
      backendStart = rs.getObject(3, OffsetDateTime.class);
    }
    // A statement that gets no answer (a network cut the client does not see) fails instead of
    // hanging; the engine's statements on this connection are short.
    c.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MS);
    connection = c;
  }

  /** Takes the engine's lock on {@code c}, waiting at most {@code wait}; whether it got it. */
  private static boolean lock(Connection c, Duration wait) throws SQLException {
    try (Statement s = c.createStatement()) {
      if (wait.isZero()) {
        try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + ENGINE_LOCK + ")")) {
          rs.next();
          return rs.getBoolean(1);
        }
      }
      s.execute("SET lock_timeout = " + Math.max(1, wait.toMillis()));
      try {
        s.execute("SELECT pg_advisory_lock(" + ENGINE_LOCK + ")");
        return true;
      } catch (SQLException e) {
        if ("55P03".equals(e.getSQLState())) {
          return false;
        }
        throw e;
      } finally {
        s.execute("RESET lock_timeout");
      }
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // A lost connection: nothing to release that the server has not released.
      }
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly(connection);
  }
}
