package io.mooncake.engine.wal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.Utils;

/**
 * A PostgreSQL publication by name, with the few operations mooncake needs: create it empty (with
 * {@code publish_via_partition_root}), list, add and remove tables, drop it. Every identifier is
 * quoted. Operations run on the caller's ordinary (non-replication) connection. Immutable.
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

  /** The OIDs of the tables in the publication (none when it does not exist). */
  public List<Long> tables(Connection connection) {
    List<Long> oids = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT r.prrelid FROM pg_catalog.pg_publication_rel r JOIN pg_catalog.pg_publication"
                + " p ON p.oid = r.prpubid WHERE p.pubname = ? ORDER BY 1")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          oids.add(rs.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw new ReplicationException("could not list the tables of publication " + name, e);
    }
    return oids;
  }

  /** Whether the table with OID {@code oid} is in the publication. */
  public boolean contains(Connection connection, long oid) {
    return tables(connection).contains(oid);
  }

  /**
   * Removes the table with OID {@code oid} from the publication, under the name it has now, if it
   * is there.
   */
  public void removeTable(Connection connection, long oid) {
    String schema;
    String table;
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace"
                + " n ON n.oid = c.relnamespace WHERE c.oid = ?")) {
      s.setLong(1, oid);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return; // dropped: PostgreSQL removed it from the publication already
        }
        schema = rs.getString(1);
        table = rs.getString(2);
      }
    } catch (SQLException e) {
      throw new ReplicationException("could not look up the table with OID " + oid, e);
    }
    if (contains(connection, oid)) {
      removeTable(connection, schema, table);
    }
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
