package io.mooncake.engine.wal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.core.Utils;

/**
 * A PostgreSQL publication by name, with the few operations mooncake needs: create it empty (with
 * {@code publish_via_partition_root}), add and remove tables, drop it. Every identifier is quoted.
 * Operations run on the caller's ordinary (non-replication) connection. Immutable.
 */
public final class Publication {

  private final String name;

  /** The publication called {@code name} (case-sensitive, as stored in pg_publication). */
  public Publication(String name) {
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid publication name: \"" + name + "\"");
    }
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Whether the publication exists in {@code connection}'s database. */
  public boolean exists(Connection connection) {
    try (PreparedStatement s =
        connection.prepareStatement("SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new ReplicationException("could not look up publication " + name, e);
    }
  }

  /** Creates the publication with no tables; partitions publish changes as their root table. */
  public void create(Connection connection) {
    execute(
        connection,
        "CREATE PUBLICATION " + quote(name) + " WITH (publish_via_partition_root = true)",
        "could not create publication " + name);
  }

  /** Adds {@code schema.table} to the publication. */
  public void addTable(Connection connection, String schema, String table) {
    execute(
        connection,
        "ALTER PUBLICATION " + quote(name) + " ADD TABLE " + quote(schema) + "." + quote(table),
        "could not add " + schema + "." + table + " to publication " + name);
  }

  /** Removes {@code schema.table} from the publication. */
  public void removeTable(Connection connection, String schema, String table) {
    execute(
        connection,
        "ALTER PUBLICATION " + quote(name) + " DROP TABLE " + quote(schema) + "." + quote(table),
        "could not remove " + schema + "." + table + " from publication " + name);
  }

  /** Drops the publication if it exists. */
  public void drop(Connection connection) {
    execute(
        connection,
        "DROP PUBLICATION IF EXISTS " + quote(name),
        "could not drop publication " + name);
  }

  /** The value of pgoutput's {@code publication_names} option: a quoted identifier list. */
  String asOptionValue() {
    return quote(name);
  }

  private static void execute(Connection connection, String sql, String failure) {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new ReplicationException(failure, e);
    }
  }

  /** {@code name} as a double-quoted SQL identifier, embedded quotes doubled. */
  static String quote(String identifier) {
    try {
      return Utils.escapeIdentifier(new StringBuilder(), identifier).toString();
    } catch (SQLException e) {
      throw new IllegalArgumentException("invalid identifier: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Publication && ((Publication) o).name.equals(name);
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
