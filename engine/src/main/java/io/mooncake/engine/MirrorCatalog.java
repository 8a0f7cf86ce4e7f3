package io.mooncake.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable list of mirrors, in schema {@code mooncake} of the source database, so that it
 * survives restarts and every process sees it; {@code mooncake.columnstore_tables} shows it with
 * the engine's live figures. All SQL is parameterized or quoted.
 */
final class MirrorCatalog {

  /** One mirror as the catalog knows it. */
  record Entry(
      MirrorName mirror, MirrorName source, long sourceOid, String location, String state) {}

  /** How long the engine may stay silent before the views say it is not running or behind. */
  private static final String SILENCE = "5 seconds";

  private static final String[] DDL = {
    "CREATE SCHEMA IF NOT EXISTS mooncake",
    "CREATE TABLE IF NOT EXISTS mooncake.mirrors ("
        + " mirror_schema text NOT NULL, mirror_name text NOT NULL,"
        + " source_schema text NOT NULL, source_table text NOT NULL, source_oid oid NOT NULL,"
        + " location text NOT NULL, state text NOT NULL, reason text,"
        + " applied_lsn pg_lsn, lag_ms bigint, rows bigint, data_files integer,"
        + " created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz,"
        + " PRIMARY KEY (mirror_schema, mirror_name))",
    // The engine writes its figures every second: when it has not for a while (stopped, or cut
    // off from the database), the lag grows with the silence instead of showing the last value.
    "CREATE OR REPLACE VIEW mooncake.columnstore_tables AS SELECT mirror_schema AS table_schema,"
        + " mirror_name AS table_name, source_schema, source_table, location, state, reason,"
        + " applied_lsn, CASE WHEN state = 'streaming' AND updated_at < now() - interval '"
        + SILENCE
        + "' THEN lag_ms + (extract(epoch FROM now() - updated_at) * 1000)::bigint ELSE lag_ms"
        + " END AS lag_ms, rows, data_files FROM mooncake.mirrors",
    // A dropped mirror's files are deleted after its row: a process that dies in between leaves
    // their location here, for the next owner to delete.
    "CREATE TABLE IF NOT EXISTS mooncake.dropped_mirrors (location text PRIMARY KEY,"
        + " mirror text NOT NULL, dropped_at timestamptz NOT NULL DEFAULT now())",
    "CREATE TABLE IF NOT EXISTS mooncake.engine_status ("
        + " id boolean PRIMARY KEY DEFAULT true CHECK (id), running boolean NOT NULL,"
        + " pid integer, host text, slot text, publication text, applied_lsn pg_lsn,"
        + " lag_ms bigint, mirrors integer, updated_at timestamptz)",
    "CREATE OR REPLACE FUNCTION mooncake.bgworker_status() RETURNS TABLE (running boolean,"
        + " pid integer, host text, slot text, publication text, applied_lsn pg_lsn,"
        + " lag_ms bigint, mirrors integer, updated_at timestamptz) LANGUAGE sql STABLE AS"
        + " $$ SELECT running AND updated_at >= now() - interval '"
        + SILENCE
        + "', pid, host, slot, publication, applied_lsn, CASE WHEN updated_at < now() - interval '"
        + SILENCE
        + "' THEN lag_ms + (extract(epoch FROM now() - updated_at) * 1000)::bigint ELSE lag_ms"
        + " END, mirrors, updated_at FROM mooncake.engine_status $$",
  };

  private final Connection conn;

  /** The catalog, read and written through {@code conn}; see {@link #install}. */
  MirrorCatalog(Connection conn) {
    this.conn = conn;
  }

  /** Creates the catalog's schema, tables, view and function if missing (once, at engine start). */
  static MirrorCatalog install(Connection conn) throws SQLException {
    try (Statement s = conn.createStatement()) {
      // Concurrent first starts: the DDL runs under a transaction-level advisory lock.
      s.execute("BEGIN");
      s.execute("SELECT pg_advisory_xact_lock(hashtext('mooncake.catalog'))");
      for (String ddl : DDL) {
        s.execute(ddl);
      }
      s.execute("COMMIT");
    }
    return new MirrorCatalog(conn);
  }

  List<Entry> list() throws SQLException {
    List<Entry> out = new ArrayList<>();
    try (Statement s = conn.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT mirror_schema, mirror_name, source_schema, source_table, source_oid,"
                    + " location, state FROM mooncake.mirrors ORDER BY created_at")) {
      while (rs.next()) {
        out.add(
            new Entry(
                new MirrorName(rs.getString(1), rs.getString(2)),
                new MirrorName(rs.getString(3), rs.getString(4)),
                rs.getLong(5),
                rs.getString(6),
                rs.getString(7)));
      }
    }
    return out;
  }

  boolean exists(MirrorName mirror) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT 1 FROM mooncake.mirrors WHERE mirror_schema = ? AND mirror_name = ?")) {
      ps.setString(1, mirror.schema());
      ps.setString(2, mirror.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  void insert(Entry e) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO mooncake.mirrors (mirror_schema, mirror_name, source_schema,"
                + " source_table, source_oid, location, state) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, e.mirror().schema());
      ps.setString(2, e.mirror().name());
      ps.setString(3, e.source().schema());
      ps.setString(4, e.source().name());
      ps.setLong(5, e.sourceOid());
      ps.setString(6, e.location());
      ps.setString(7, e.state());
      ps.executeUpdate();
    }
  }

  void setState(MirrorName mirror, String state, String reason) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "UPDATE mooncake.mirrors SET state = ?, reason = ?, updated_at = now()"
                + " WHERE mirror_schema = ? AND mirror_name = ?")) {
      ps.setString(1, state);
      ps.setString(2, reason);
      ps.setString(3, mirror.schema());
      ps.setString(4, mirror.name());
      ps.executeUpdate();
    }
  }

  void setSource(MirrorName mirror, MirrorName source) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "UPDATE mooncake.mirrors SET source_schema = ?, source_table = ?"
                + " WHERE mirror_schema = ? AND mirror_name = ?")) {
      ps.setString(1, source.schema());
      ps.setString(2, source.name());
      ps.setString(3, mirror.schema());
      ps.setString(4, mirror.name());
      ps.executeUpdate();
    }
  }

  void status(MirrorName mirror, Lsn applied, long lagMs, long rows, int dataFiles)
      throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "UPDATE mooncake.mirrors SET applied_lsn = ?::pg_lsn, lag_ms = ?, rows = ?,"
                + " data_files = ?, updated_at = now() WHERE mirror_schema = ? AND mirror_name = ?")) {
      ps.setString(1, applied.toString());
      ps.setLong(2, lagMs);
      ps.setLong(3, rows);
      ps.setInt(4, dataFiles);
      ps.setString(5, mirror.schema());
      ps.setString(6, mirror.name());
      ps.executeUpdate();
    }
  }

  void engineStatus(
      boolean running, String slot, String publication, Lsn applied, long lagMs, int mirrors)
      throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO mooncake.engine_status AS e (id, running, pid, host, slot, publication,"
                + " applied_lsn, lag_ms, mirrors, updated_at) VALUES (true, ?, ?, ?, ?, ?,"
                + " ?::pg_lsn, ?, ?, now()) ON CONFLICT (id) DO UPDATE SET running ="
                + " excluded.running, pid = excluded.pid, host = excluded.host, slot ="
                + " excluded.slot, publication = excluded.publication, applied_lsn ="
                + " excluded.applied_lsn, lag_ms = excluded.lag_ms, mirrors = excluded.mirrors,"
                + " updated_at = excluded.updated_at")) {
      ps.setBoolean(1, running);
      ps.setLong(2, ProcessHandle.current().pid());
      ps.setString(3, hostName());
      ps.setString(4, slot);
      ps.setString(5, publication);
      ps.setString(6, applied.toString());
      ps.setLong(7, lagMs);
      ps.setInt(8, mirrors);
      ps.executeUpdate();
    }
  }

  /**
   * Removes {@code mirror} from the catalog and, in the same statement, records its location as one
   * whose files are to be deleted ({@link #filesDeleted} once they are).
   */
  void delete(MirrorName mirror) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "WITH gone AS (DELETE FROM mooncake.mirrors WHERE mirror_schema = ? AND mirror_name = ?"
                + " RETURNING location, mirror_schema, mirror_name)"
                + " INSERT INTO mooncake.dropped_mirrors (location, mirror)"
                + " SELECT location, format('%I.%I', mirror_schema, mirror_name) FROM gone"
                + " ON CONFLICT (location) DO UPDATE SET mirror = excluded.mirror,"
                + " dropped_at = now()")) {
      ps.setString(1, mirror.schema());
      ps.setString(2, mirror.name());
      ps.executeUpdate();
    }
  }

  /** The locations of dropped mirrors whose files may not be deleted yet. */
  List<String> droppedLocations() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT location FROM mooncake.dropped_mirrors")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The files at {@code location}, of a dropped mirror, are deleted. */
  void filesDeleted(String location) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("DELETE FROM mooncake.dropped_mirrors WHERE location = ?")) {
      ps.setString(1, location);
      ps.executeUpdate();
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }
}
