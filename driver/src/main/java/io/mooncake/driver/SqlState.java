package io.mooncake.driver;

import java.sql.SQLException;

/** The SQLSTATEs mooncake raises itself; errors from PostgreSQL keep the state PostgreSQL gave. */
public enum SqlState {
  /** The client could not establish the connection (a URL mooncake cannot use). */
  UNABLE_TO_CONNECT("08001"),
  /** A property or argument has a value outside its domain. */
  INVALID_PARAMETER_VALUE("22023"),
  /** The feature is not supported (by design or not yet). */
  FEATURE_NOT_SUPPORTED("0A000"),
  /** An internal error: a bug in mooncake. */
  INTERNAL_ERROR("XX000");

  private final String code;

  SqlState(String code) {
    this.code = code;
  }

  /** The five-character SQLSTATE. */
  public String code() {
    return code;
  }

  /** A new exception with this state. */
  public SQLException exception(String message) {
    return new SQLException(message, code);
  }
}
