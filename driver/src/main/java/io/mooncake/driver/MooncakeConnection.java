package io.mooncake.driver;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * A connection opened through {@code jdbc:mooncake:}: PgJDBC's connection plus mooncake's settings.
 * Statements that are not mooncake's are PgJDBC's, unchanged.
 *
 * <p>Thread-safety: as PgJDBC's connection.
 */
final class MooncakeConnection extends DelegatingConnection {

  private final String url;
  private final MooncakeConfig config;

  MooncakeConnection(Connection pg, String url, MooncakeConfig config) {
    super(pg);
    this.url = url;
    this.config = config;
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return new MooncakeDatabaseMetaData(this, delegate.getMetaData(), url);
  }

  /** mooncake's settings of this connection. */
  MooncakeConfig config() {
    return config;
  }
}
