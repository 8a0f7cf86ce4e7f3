package io.mooncake.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A source table as PostgreSQL's catalog describes it now: its OID and name, kind, columns with
 * their types, and the columns of its primary key (or replica identity index). Immutable.
 */
record SourceTable(
    long oid,
    MirrorName name,
    char kind,
    char persistence,
    char replicaIdentity,
    List<Column> columns) {

  /**
   * A column, its type, whether it belongs to the row identity, and for a column added with a
   * default: the value rows that existed before have ({@code missing}, PostgreSQL's text, from
   * {@code attmissingval}), or {@code rewritten} when the default was volatile and PostgreSQL
   * rewrote the table (no change of those rows reached the WAL).
   */
  record Column(String name, PgType type, boolean key, String missing, boolean rewritten) {}

  /** Looks up {@code name} (resolved on the search_path when unqualified); 42P01 if missing. */
  static SourceTable describe(Connection conn, MirrorName name) throws SQLException {
    long oid;
    try (PreparedStatement ps = conn.prepareStatement("SELECT to_regclass(?)::oid")) {
      ps.setString(1, name.quoted());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        oid = rs.getLong(1);
        if (rs.wasNull()) {
          throw new EngineException("42P01", "relation " + name + " does not exist");
        }
      }
    }
    return describe(conn, oid);
  }

  /** Looks up the relation with {@code oid}; 42P01 if it is gone. */
  static SourceTable describe(Connection conn, long oid) throws SQLException {
    MirrorName name;
    char kind;
    char persistence;
    char identity;
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT n.nspname, c.relname, c.relkind, c.relpersistence, c.relreplident"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.oid = ?")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new EngineException("42P01", "relation with OID " + oid + " does not exist");
        }
        name = new MirrorName(rs.getString(1), rs.getString(2));
        kind = rs.getString(3).charAt(0);
        persistence = rs.getString(4).charAt(0);
        identity = rs.getString(5).charAt(0);
      }
    }
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT a.attname, a.atttypid, a.atttypmod, t.typtype, t.typcategory,"
                + " t.typbasetype, t.typtypmod, format_type(a.atttypid, a.atttypmod),"
                + " a.attnum = ANY (COALESCE((SELECT i.indkey::int2[] FROM pg_index i"
                + "   WHERE i.indrelid = a.attrelid AND (i.indisprimary OR"
                + "   (c.relreplident = 'i' AND i.indisreplident))"
                + "   ORDER BY i.indisreplident DESC LIMIT 1), '{}')) AS key,"
                + " CASE WHEN a.atthasmissing THEN array_to_string(a.attmissingval, ',') END,"
                + " a.atthasdef AND NOT a.atthasmissing"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " JOIN pg_class c ON c.oid = a.attrelid"
                + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped"
                + " AND a.attgenerated = '' ORDER BY a.attnum")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(
              new Column(
                  rs.getString(1),
                  type(rs),
                  rs.getBoolean(9),
                  rs.getString(10),
                  rs.getBoolean(11)));
        }
      }
    }
    return new SourceTable(oid, name, kind, persistence, identity, columns);
  }

  private static PgType type(ResultSet rs) throws SQLException {
    int oid = rs.getInt(2);
    int typmod = rs.getInt(3);
    String typtype = rs.getString(4);
    String category = rs.getString(5);
    String name = rs.getString(8);
    PgType.Kind kind = PgType.Kind.of(typtype, category);
    if (kind == PgType.Kind.DOMAIN) {
      return new PgType(oid, typmod, kind, rs.getInt(6), rs.getInt(7), name);
    }
    return new PgType(oid, typmod, kind, oid, typmod, name);
  }

  /** Whether the table has a primary key (or a replica identity index). */
  boolean hasKey() {
    return columns.stream().anyMatch(Column::key);
  }

  /** Refuses what cannot be mirrored, with 0A000 and the reason. */
  void checkMirrorable() {
    if (kind != 'r' && kind != 'p') {
      String what =
          kind == 'v'
              ? "a view"
              : kind == 'm'
                  ? "a materialized view"
                  : kind == 'f' ? "a foreign table" : "not a table (relkind " + kind + ")";
      throw new EngineException("0A000", name + " is " + what + ": only tables can be mirrored");
    }
    if (persistence == 't') {
      throw new EngineException("0A000", name + " is a temporary table: it cannot be mirrored");
    }
    if (persistence == 'u') {
      throw new EngineException(
          "0A000", name + " is an unlogged table: its changes are not in the WAL");
    }
    if (name.schema().equals("pg_catalog")
        || name.schema().equals("information_schema")
        || name.schema().equals("mooncake")
        || name.schema().startsWith("pg_toast")) {
      throw new EngineException("0A000", name + " is a system table: it cannot be mirrored");
    }
    if (columns.isEmpty()) {
      throw new EngineException("0A000", name + " has no columns to mirror");
    }
  }
}
