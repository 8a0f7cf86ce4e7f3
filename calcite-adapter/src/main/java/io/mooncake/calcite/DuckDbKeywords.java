package io.mooncake.calcite;

import java.util.List;
import java.util.Set;

/**
 * Words PostgreSQL takes as plain identifiers that DuckDB's grammar reserves (a column named {@code
 * at}, {@code by}, {@code map} or {@code qualify} is a syntax error there): written as quoted
 * identifiers, which mean the same to PostgreSQL (it folds unquoted names to lower case), before a
 * statement is planned.
 */
final class DuckDbKeywords {

  private DuckDbKeywords() {}

  /** Reserved, or not usable as a column name, in DuckDB; no key word of a PostgreSQL query. */
  private static final Set<String> RESERVED =
      Set.of(
          "anti",
          "asof",
          "columns",
          "describe",
          "glob",
          "lambda",
          "map",
          "pivot",
          "pivot_longer",
          "pivot_wider",
          "positional",
          "qualify",
          "semi",
          "show",
          "summarize",
          "try_cast",
          "unpack",
          "unpivot");

  /** What precedes {@code by} where it is PostgreSQL's key word. */
  private static final Set<String> BEFORE_BY = Set.of("group", "order", "partition");

  /** {@code sql} with those identifiers quoted; the same string when it has none. */
  static String quoted(String sql) {
    List<Token> tokens = PgLexer.lex(sql);
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() != Token.Kind.WORD || !identifier(tokens, i)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(sql.length() + 8);
      }
      out.append(sql, copied, t.start()).append('"').append(t.value()).append('"');
      copied = t.end();
    }
    return out == null ? sql : out.append(sql, copied, sql.length()).toString();
  }

  /** Whether word token {@code i} is an identifier that DuckDB would read as a key word. */
  private static boolean identifier(List<Token> tokens, int i) {
    String w = tokens.get(i).value();
    Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
    Token previous = i > 0 ? tokens.get(i - 1) : null;
    switch (w) {
      case "at":
        // x AT TIME ZONE z, x AT LOCAL
        return next == null || !(next.isWord("time") || next.isWord("local"));
      case "by":
        return previous == null
            || previous.kind() != Token.Kind.WORD
            || !BEFORE_BY.contains(previous.value());
      default:
        if (!RESERVED.contains(w) || next != null && next.isPunct("(")) {
          return false; // a function's name (or JSON_TABLE's COLUMNS list) stays as written
        }
        // SHOW as a statement's first word is PostgreSQL's SHOW.
        return !(w.equals("show") && (previous == null || previous.isPunct(";")));
    }
  }
}
