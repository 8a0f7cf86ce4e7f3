package io.mooncake.engine.wal;

import io.mooncake.engine.Lsn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.core.BaseConnection;

/**
 * A logical replication slot using pgoutput, by name, with the operations mooncake needs: create it
 * exporting a snapshot for the initial copy, look up its confirmed flush position, drop it.
 * Immutable.
 */
public final class LogicalSlot {

  /** PostgreSQL's own rule for slot names (ReplicationSlotValidateName). */
  private static final Pattern VALID_NAME = Pattern.compile("[a-z0-9_]{1,63}");

  private static final long DROP_WAIT_MILLIS = 10_000;

  private final String name;

  /** The slot called {@code name}: 1 to 63 lower-case letters, digits or underscores. */
  public LogicalSlot(String name) {
    if (!VALID_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid replication slot name \""
              + name
              + "\": use 1 to 63 lower-case letters, digits and underscores");
    }
    this.name = name;
  }

  public String name() {
    return name;
  }

  /**
   * Creates the slot on a new replication connection to {@code jdbcUrl} and exports the snapshot at
   * its consistent point. The snapshot stays usable ({@code SET TRANSACTION SNAPSHOT}) until the
   * returned value is closed; the slot outlives it.
   */
  public ExportedSnapshot createWithExportedSnapshot(String jdbcUrl, Properties properties) {
    BaseConnection connection = null;
    try {
      connection = ReplicationConnector.open(jdbcUrl, properties);
      String options =
          ReplicationConnector.serverMajorVersion(connection) >= 15
              ? "(SNAPSHOT 'export')"
              : "EXPORT_SNAPSHOT";
      try (Statement s = connection.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "CREATE_REPLICATION_SLOT " + quoted() + " LOGICAL pgoutput " + options)) {
        if (!rs.next()) {
          throw new ReplicationException("CREATE_REPLICATION_SLOT " + name + " returned no row");
        }
        Lsn consistentPoint = Lsn.parse(rs.getString("consistent_point"));
        String snapshot = rs.getString("snapshot_name");
        ExportedSnapshot exported =
            new ExportedSnapshot(this, consistentPoint, snapshot, connection);
        connection = null; // now owned by the exported snapshot
        return exported;
      }
    } catch (SQLException e) {
      throw new ReplicationException("could not create replication slot " + name, e);
    } finally {
      closeQuietly(connection);
    }
  }

  /** Whether the slot exists. */
  public boolean exists(Connection connection) {
    try {
      return query(connection, "SELECT 'yes'") != null;
    } catch (SQLException e) {
      throw new ReplicationException("could not look up replication slot " + name, e);
    }
  }

  /** The position up to which the slot's consumer confirmed durability, or null if none yet. */
  public Lsn confirmedFlushLsn(Connection connection) {
    try {
      String lsn = query(connection, "SELECT confirmed_flush_lsn::text");
      return lsn == null ? null : Lsn.parse(lsn);
    } catch (SQLException e) {
      throw new ReplicationException(
          "could not read the confirmed flush position of replication slot " + name, e);
    }
  }

  /**
   * Ends the walsender streaming from the slot, if one does, and waits (up to five seconds) for it
   * to exit: for the slot's owner, whose own stream is closed, such a walsender is a leftover of a
   * lost connection that the server has not noticed yet, and it keeps the slot from restarting.
   */
  public void evictConsumer(Connection connection) {
    try {
      query(
          connection,
          "SELECT pg_catalog.pg_terminate_backend(active_pid, 5000)::text",
          " AND active_pid IS NOT NULL");
    } catch (SQLException e) {
      throw new ReplicationException("could not end the walsender of replication slot " + name, e);
    }
  }

  /**
   * Drops the slot if it exists. A slot still held by a walsender that is shutting down is retried
   * for up to ten seconds before failing (SQLSTATE 55006).
   */
  public void drop(Connection connection) {
    long deadline = System.nanoTime() + DROP_WAIT_MILLIS * 1_000_000L;
    while (true) {
      try {
        query(connection, "SELECT pg_catalog.pg_drop_replication_slot(slot_name)::text");
        return;
      } catch (SQLException e) {
        if (!"55006".equals(e.getSQLState()) || System.nanoTime() > deadline) {
          throw new ReplicationException("could not drop replication slot " + name, e);
        }
        sleepBeforeRetry();
      }
    }
  }

  /** The name as a quoted identifier, for replication commands. */
  String quoted() {
    return Publication.quote(name);
  }

  /** The first column of {@code select} over this slot's pg_replication_slots row; null if none. */
  private String query(Connection connection, String select) throws SQLException {
    return query(connection, select, "");
  }

  private String query(Connection connection, String select, String condition) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            select + " FROM pg_catalog.pg_replication_slots WHERE slot_name = ?" + condition)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static void sleepBeforeRetry() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplicationException("interrupted while waiting to drop a replication slot");
    }
  }

  static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing after a failure: the original failure is the one worth reporting.
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogicalSlot && ((LogicalSlot) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
