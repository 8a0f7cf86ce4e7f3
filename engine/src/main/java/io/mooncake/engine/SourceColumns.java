package io.mooncake.engine;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The column signature of a table: each column's name, type OID and type modifier, in order. A
 * mirror whose signature differs from its source's missed a schema change: PostgreSQL logs one (as
 * a pgoutput Relation message) only before the next row change of the table, so a change with no
 * write after it is found by comparing signatures, which a reader gets in the same round trip as
 * the position it waits for ({@link #freshnessQuery}).
 */
public final class SourceColumns {

  private SourceColumns() {}

  /**
   * The query that reads, in one round trip, the current WAL position (column 1) and, one row per
   * table, the OID (2), column signature (3) and whether the session may read all of it (4: the
   * SELECT privilege on the table, and no row security applies) of the tables with {@code oids}:
   * one row with nulls in 2 to 4 when none exists; and the session's {@code statement_timeout} (5,
   * as {@code SHOW} gives it).
   */
  public static String freshnessQuery(Collection<Long> oids) {
    if (oids.isEmpty()) {
      return "SELECT pg_current_wal_lsn()::text, NULL::oid, NULL::text, NULL::boolean,"
          + " current_setting('statement_timeout')";
    }
    String in = oids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    return "SELECT pg_current_wal_lsn()::text, s.attrelid, s.cols,"
        + " has_table_privilege(s.attrelid, 'SELECT') AND NOT row_security_active(s.attrelid),"
        + " current_setting('statement_timeout')"
        + " FROM (SELECT 1) one LEFT JOIN"
        + " (SELECT attrelid, string_agg(length(attname::text) || ':' || attname || ':' ||"
        + " atttypid || ':' || atttypmod, ',' ORDER BY attnum) AS cols FROM pg_attribute"
        + " WHERE attrelid IN ("
        + in
        + ") AND attnum > 0 AND NOT attisdropped AND attgenerated = '' GROUP BY attrelid) s"
        + " ON true";
  }

  /** The signature of a mirror's columns, as {@link #freshnessQuery} prints a source's. */
  static String of(MirrorSchema schema) {
    return of(
        schema.columns().stream()
            .map(c -> new Part(c.name(), c.type().pgType()))
            .collect(Collectors.toList()));
  }

  /** The signature of a source's columns as the catalog describes them now. */
  static String of(SourceTable table) {
    return of(
        table.columns().stream()
            .map(c -> new Part(c.name(), c.type()))
            .collect(Collectors.toList()));
  }

  private record Part(String name, PgType type) {}

  private static String of(List<Part> parts) {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(p.name().codePointCount(0, p.name().length()))
          .append(':')
          .append(p.name())
          .append(':')
          .append(Integer.toUnsignedString(p.type().oid()))
          .append(':')
          .append(p.type().typmod());
    }
    return out.toString();
  }
}
