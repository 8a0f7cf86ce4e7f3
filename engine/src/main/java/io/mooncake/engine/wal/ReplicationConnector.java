package io.mooncake.engine.wal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.PGProperty;
import org.postgresql.core.BaseConnection;

/** Opens PgJDBC connections in the walsender's "database" replication mode. */
final class ReplicationConnector {

  private ReplicationConnector() {}

  /**
   * A replication connection to the database of {@code jdbcUrl} (a {@code jdbc:postgresql:} URL);
   * {@code properties} pass through, with the three replication mode settings added.
   */
  static BaseConnection open(String jdbcUrl, Properties properties) throws SQLException {
    Properties p = new Properties();
    p.putAll(properties);
    PGProperty.REPLICATION.set(p, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
    // The walsender understands only the simple query protocol.
    PGProperty.PREFER_QUERY_MODE.set(p, "simple");
    Connection c = new org.postgresql.Driver().connect(jdbcUrl, p);
    if (c == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + jdbcUrl, "08001");
    }
    return c.unwrap(BaseConnection.class);
  }

  /** The server's major version (14 for 14.x, 18 for 18.x). */
  static int serverMajorVersion(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseMajorVersion();
  }
}
