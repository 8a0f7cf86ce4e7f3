package io.mooncake.driver;

import io.mooncake.calcite.OpaqueColumns;
import io.mooncake.calcite.PaddedChars;
import io.mooncake.calcite.TableName;
import io.mooncake.engine.ColumnType;
import io.mooncake.engine.Engine;
import io.mooncake.engine.MirrorColumn;
import io.mooncake.engine.MirrorName;
import io.mooncake.engine.PgType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns a query reads whose values DuckDB holds otherwise than PostgreSQL does, and the uses
 * of them DuckDB would answer otherwise. Columns kept as PostgreSQL's text form (arrays, intervals,
 * enums, network types, ranges, jsonb, unconstrained numeric, domains over char(n), ...) may only
 * be handed back ({@link OpaqueColumns}); text whose form depends on the session's time zone
 * (timestamptz inside arrays and ranges) may not even be handed back. {@code char(n)} columns are
 * read without their padding blanks, which is PostgreSQL's answer except where {@link PaddedChars}
 * says otherwise; the driver pads results typed {@code char(n)} again.
 */
final class TextStoredColumns {

  static final int BPCHAR = 1042;
  private static final int VARCHAR = 1043;

  /**
   * text, varchar and name: kept as DuckDB VARCHAR, compared as PostgreSQL does (by code point).
   */
  private static final Set<Integer> PLAIN_TEXT = Set.of(25, VARCHAR, 19);

  /** timestamptz[], tstzrange and tstzmultirange, and their arrays. */
  private static final Set<Integer> ZONED = Set.of(1185, 3910, 3911, 4534, 4535);

  /** A column a query may read: its name as PostgreSQL resolves it, and its type. */
  record Column(String name, PgType type) {}

  private TextStoredColumns() {}

  /** The columns of {@code mirrors} (those {@code all} describes). */
  static List<Column> of(Set<TableName> mirrors, Map<MirrorName, Engine.MirrorInfo> all) {
    List<Column> columns = new ArrayList<>();
    for (TableName t : mirrors) {
      Engine.MirrorInfo info = all.get(new MirrorName(t.schema(), t.name()));
      if (info == null || info.schema() == null) {
        continue;
      }
      for (MirrorColumn c : info.schema().columns()) {
        columns.add(new Column(c.name(), c.type().pgType()));
      }
    }
    return columns;
  }

  /** Whether a column of type {@code type} is read without its padding blanks. */
  static boolean padded(PgType type) {
    return type.oid() == BPCHAR;
  }

  /** Why {@code sql} may not run on DuckDB because of how it uses {@code columns}, or null. */
  static String reason(String sql, Collection<Column> columns) {
    Map<String, String> opaque = new HashMap<>();
    Set<String> zoned = new HashSet<>();
    Set<String> padded = new HashSet<>();
    Set<String> varying = new HashSet<>();
    Set<String> known = new HashSet<>();
    for (Column c : columns) {
      PgType type = c.type();
      known.add(c.name());
      if (padded(type)) {
        padded.add(c.name());
      } else if ((ColumnType.of(type).isText() && !PLAIN_TEXT.contains(type.baseOid()))
          || type.baseOid() == BPCHAR) {
        opaque.put(c.name(), type.name());
        if (ZONED.contains(type.baseOid())) {
          zoned.add(c.name());
        }
      }
      if (type.baseOid() == VARCHAR) {
        varying.add(c.name());
      }
    }
    return OpaqueColumns.misuse(sql, opaque, zoned)
        .or(() -> PaddedChars.misuse(sql, padded, varying, known))
        .orElse(null);
  }

  /** Whether a value of {@code parameters} ends in a blank (compared as char(n), it would not). */
  static boolean blankEnded(List<Object> parameters) {
    for (Object p : parameters) {
      if (p instanceof String && ((String) p).endsWith(" ")) {
        return true;
      }
    }
    return false;
  }
}
