package io.mooncake.driver;

import java.sql.SQLException;

/** The SQLSTATEs mooncake raises itself; errors from PostgreSQL keep the state PostgreSQL gave. */
public enum SqlState {
  /** The client could not establish the connection (a URL mooncake cannot use). */
  UNABLE_TO_CONNECT("08001"),
  /** A property or argument has a value outside its domain. */
  INVALID_PARAMETER_VALUE("22023"),
  /** A statement mooncake reads itself is malformed. */
  SYNTAX_ERROR("42601"),
  /** No such function or procedure. */
  UNDEFINED_FUNCTION("42883"),
  /** The feature is not supported (by design or not yet). */
  FEATURE_NOT_SUPPORTED("0A000"),
  /** The object is not in the state the operation needs (e.g. no engine runs here). */
  OBJECT_NOT_IN_PREREQUISITE_STATE("55000"),
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
