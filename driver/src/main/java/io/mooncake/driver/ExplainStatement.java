package io.mooncake.driver;

import java.util.Locale;

/**
 * A PostgreSQL {@code EXPLAIN} split into its options and the statement it explains, so that the
 * explained statement can be routed like any other: {@code EXPLAIN [ANALYZE] [VERBOSE] stmt} or
 * {@code EXPLAIN (option [value], ...) stmt}. Immutable.
 *
 * @param prefix the text before the explained statement, kept verbatim for PostgreSQL
 * @param statement the explained statement
 * @param analyze whether the statement is run (ANALYZE)
 * @param format the output format in upper case, {@code TEXT} unless FORMAT says otherwise
 */
record ExplainStatement(String prefix, String statement, boolean analyze, String format) {

  /** The EXPLAIN in {@code sql}, or null when {@code sql} is not an EXPLAIN. */
  static ExplainStatement parse(String sql) {
    int i = skipSpace(sql, 0);
    if (!keywordAt(sql, i, "EXPLAIN")) {
      return null;
    }
    i = skipSpace(sql, i + "EXPLAIN".length());
    boolean analyze = false;
    String format = "TEXT";
    if (i < sql.length() && sql.charAt(i) == '(') {
      int close = sql.indexOf(')', i);
      if (close < 0) {
        return null;
      }
      for (String option : sql.substring(i + 1, close).split(",")) {
        String[] words = option.trim().split("\\s+");
        String name = words[0].toUpperCase(Locale.ROOT);
        String value = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "TRUE";
        if (name.equals("ANALYZE") || name.equals("ANALYSE")) {
          analyze = !(value.equals("FALSE") || value.equals("OFF") || value.equals("0"));
        } else if (name.equals("FORMAT")) {
          format = value;
        }
      }
      i = skipSpace(sql, close + 1);
    } else {
      if (keywordAt(sql, i, "ANALYZE") || keywordAt(sql, i, "ANALYSE")) {
        analyze = true;
        i = skipSpace(sql, i + "ANALYZE".length());
      }
      if (keywordAt(sql, i, "VERBOSE")) {
        i = skipSpace(sql, i + "VERBOSE".length());
      }
    }
    return new ExplainStatement(sql.substring(0, i), sql.substring(i), analyze, format);
  }

  private static int skipSpace(String sql, int i) {
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 2;
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean keywordAt(String sql, int i, String keyword) {
    int end = i + keyword.length();
    return sql.regionMatches(true, i, keyword, 0, keyword.length())
        && (end == sql.length() || !Character.isJavaIdentifierPart(sql.charAt(end)));
  }
}
