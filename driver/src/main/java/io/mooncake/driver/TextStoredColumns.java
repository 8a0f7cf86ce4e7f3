package io.mooncake.driver;

import io.mooncake.calcite.OpaqueColumns;
import io.mooncake.calcite.TableName;
import io.mooncake.engine.Engine;
import io.mooncake.engine.MirrorColumn;
import io.mooncake.engine.MirrorName;
import io.mooncake.engine.PgType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The columns of the mirrors a query reads that a mirror keeps as PostgreSQL's text form (arrays,
 * intervals, enums, network types, ranges, jsonb, unconstrained numeric, ...) and {@code char(n)}
 * (kept padded): DuckDB would compare, sort or compute them as text, which is not PostgreSQL's
 * answer, so {@link OpaqueColumns} lets DuckDB only hand them back. Text whose form depends on the
 * session's time zone (timestamptz inside arrays and ranges) may not even be handed back.
 */
final class TextStoredColumns {

  private static final int BPCHAR = 1042;

  /**
   * text, varchar and name: kept as DuckDB VARCHAR, compared as PostgreSQL does (by code point).
   */
  private static final Set<Integer> PLAIN_TEXT = Set.of(25, 1043, 19);

  /** timestamptz[], tstzrange and tstzmultirange, and their arrays. */
  private static final Set<Integer> ZONED = Set.of(1185, 3910, 3911, 4534, 4535);

  private TextStoredColumns() {}

  /** Why {@code sql} may not run on DuckDB because of such a column of {@code mirrors}, or null. */
  static String reason(String sql, Set<TableName> mirrors, Map<MirrorName, Engine.MirrorInfo> all) {
    Map<String, String> opaque = new HashMap<>();
    Set<String> zoned = new HashSet<>();
    for (TableName t : mirrors) {
      Engine.MirrorInfo info = all.get(new MirrorName(t.schema(), t.name()));
      if (info == null || info.schema() == null) {
        continue;
      }
      for (MirrorColumn c : info.schema().columns()) {
        PgType type = c.type().pgType();
        if ((c.type().isText() && !PLAIN_TEXT.contains(type.baseOid()))
            || type.baseOid() == BPCHAR) {
          opaque.put(c.name(), type.name());
          if (ZONED.contains(type.baseOid())) {
            zoned.add(c.name());
          }
        }
      }
    }
    return OpaqueColumns.misuse(sql, opaque, zoned).orElse(null);
  }
}
