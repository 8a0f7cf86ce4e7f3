package io.mooncake.driver;

import io.mooncake.calcite.TableName;
import io.mooncake.engine.Engine;
import io.mooncake.engine.MirrorColumn;
import io.mooncake.engine.MirrorName;
import io.mooncake.engine.PgType;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Columns a mirror keeps as PostgreSQL's text form (arrays, intervals, enums, network types,
 * ranges, jsonb, unconstrained numeric, ...) and {@code char(n)} (kept padded): DuckDB would
 * compare, sort or compute them as text, which is not PostgreSQL's answer. A query on DuckDB may
 * only hand such a column back as it is: named as a bare item of the outermost select list. Text
 * whose form depends on the session's time zone (timestamptz inside arrays and ranges) may not even
 * be handed back. The planner knows no column types, so this check is lexical and errs towards
 * PostgreSQL.
 */
final class TextStoredColumns {

  private static final Pattern TOKEN =
      Pattern.compile(
          "(--[^\n]*|/\\*.*?\\*/)|\"((?:[^\"]|\"\")*)\"|'(?:[^']|'')*'"
              + "|([A-Za-z_][A-Za-z0-9_$]*)|(\\S)",
          Pattern.DOTALL);

  private static final int BPCHAR = 1042;

  /**
   * text, varchar and name: kept as DuckDB VARCHAR, compared as PostgreSQL does (by code point).
   */
  private static final Set<Integer> PLAIN_TEXT = Set.of(25, 1043, 19);

  private static final Set<Integer> ZONED = Set.of(1185, 3910, 3911, 4534, 4535);

  private TextStoredColumns() {}

  /** Why {@code sql} may not run on DuckDB because of such a column of {@code mirrors}, or null. */
  static String reason(String sql, Set<TableName> mirrors, Map<MirrorName, Engine.MirrorInfo> all) {
    Map<String, MirrorColumn> risky = new HashMap<>();
    boolean zoned = false;
    for (TableName t : mirrors) {
      Engine.MirrorInfo info = all.get(new MirrorName(t.schema(), t.name()));
      if (info == null || info.schema() == null) {
        continue;
      }
      for (MirrorColumn c : info.schema().columns()) {
        PgType type = c.type().pgType();
        if ((c.type().isText() && !PLAIN_TEXT.contains(type.baseOid()))
            || type.baseOid() == BPCHAR) {
          risky.put(c.name(), c);
          zoned |= ZONED.contains(type.baseOid());
        }
      }
    }
    if (risky.isEmpty()) {
      return null;
    }
    Matcher m = TOKEN.matcher(sql);
    int depth = 0;
    boolean selectList = false;
    boolean seenSelect = false;
    String previous = "";
    while (m.find()) {
      if (m.group(1) != null) {
        continue; // a comment
      }
      String quoted = m.group(2);
      String word = m.group(3);
      String punct = m.group(4);
      String token =
          quoted != null
              ? quoted.replace("\"\"", "\"")
              : word != null ? word.toLowerCase(Locale.ROOT) : punct != null ? punct : "'";
      if ("(".equals(punct)) {
        depth++;
      } else if (")".equals(punct)) {
        depth--;
      } else if (depth == 0 && word != null && token.equals("select") && !seenSelect) {
        seenSelect = true;
        selectList = true;
      } else if (depth == 0 && word != null && token.equals("from")) {
        selectList = false;
      } else if ("*".equals(punct) && zoned) {
        return "a column holds timestamptz values as text in UTC, not in the session's time zone";
      }
      MirrorColumn c = quoted != null || word != null ? risky.get(token) : null;
      if (c != null) {
        if (ZONED.contains(c.type().pgType().baseOid())) {
          return "column " + c.name() + " holds timestamptz values as text in UTC";
        }
        boolean bare =
            selectList
                && depth == 0
                && (previous.equals("select") || previous.equals(","))
                && nextIsEndOfItem(sql, m.end());
        if (!bare) {
          return "column "
              + c.name()
              + " ("
              + c.type().pgType().name()
              + ") is kept as PostgreSQL text, which DuckDB would compare or compute as text";
        }
      }
      previous = token;
    }
    return null;
  }

  private static boolean nextIsEndOfItem(String sql, int at) {
    String rest = sql.substring(at).stripLeading().toLowerCase(Locale.ROOT);
    return rest.isEmpty()
        || rest.startsWith(",")
        || rest.matches("(?s)(from|as)\\b.*")
        || (!rest.isEmpty()
            && Character.isLetter(rest.charAt(0))
            && !rest.matches("(?s)(is|in|like|ilike|between|and|or|not|collate)\\b.*"));
  }
}
