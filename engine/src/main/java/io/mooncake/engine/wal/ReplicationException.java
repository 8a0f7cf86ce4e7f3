package io.mooncake.engine.wal;

import java.sql.SQLException;

/**
 * A replication connection, slot or publication operation failed. When PostgreSQL or PgJDBC raised
 * the failure, the cause is their {@link SQLException} and {@link #sqlState()} its SQLSTATE, so the
 * JDBC boundary can pass it on unchanged.
 */
public final class ReplicationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ReplicationException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }

  ReplicationException(String message) {
    super(message);
  }

  /** The SQLSTATE of the underlying {@link SQLException}, or XX000 when there is none. */
  public String sqlState() {
    if (getCause() instanceof SQLException && ((SQLException) getCause()).getSQLState() != null) {
      return ((SQLException) getCause()).getSQLState();
    }
    return "XX000";
  }
}
