package io.mooncake.engine;

/**
 * A failure inside the engine, with the SQLSTATE the JDBC boundary reports: {@code 42P07} an
 * existing mirror, {@code 42P01} a missing source, {@code 0A000} a source that cannot be mirrored,
 * {@code 22023} a bad argument, {@code 55000} an engine that is not running, {@code 57014} a
 * freshness timeout, {@code XX000} a bug.
 */
public final class EngineException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String sqlState;

  public EngineException(String sqlState, String message) {
    super(message);
    this.sqlState = sqlState;
  }

  public EngineException(String sqlState, String message, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  /** The five-character SQLSTATE. */
  public String sqlState() {
    return sqlState;
  }
}
