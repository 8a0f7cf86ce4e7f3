package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code avg()} as PostgreSQL computes it. PostgreSQL's avg of integers and numerics is a numeric
 * whose scale follows from its division rules (about 16 significant digits, at least the scale of
 * the sum), rounded half away from zero; DuckDB's is a DOUBLE. So an average that is a whole output
 * column of the outermost SELECT is marked ({@link QueryPlan.ExactAverage}), and when PostgreSQL
 * describes that column as numeric, the driver asks DuckDB for the exact sum and count and the
 * {@link #MACRO_DEFINITIONS macro} that divides them as PostgreSQL does, giving PostgreSQL's text.
 * An average used in any other way (an expression, ORDER BY, a subquery) is still refused, since
 * the text does not compare as a number.
 */
final class ExactAverages {

  private ExactAverages() {}

  /** An average found: the output column (0-based) and the tokens of {@code avg} and its ")". */
  record Found(int column, int nameToken, int closeToken) {}

  /** DuckDB macros computing PostgreSQL's avg from the text of the sum and the count. */
  static final List<String> MACRO_DEFINITIONS =
      List.of(
          // The significant digits of a sum's text (sign, point and leading zeros dropped).
          "CREATE OR REPLACE TEMP MACRO mooncake_avg_digits(s) AS"
              + " ltrim(replace(ltrim(s, '-'), '.', ''), '0')",
          // Its scale: the digits after the point.
          "CREATE OR REPLACE TEMP MACRO mooncake_avg_scale(s) AS"
              + " CASE WHEN contains(s, '.') THEN length(s) - strpos(s, '.') ELSE 0 END",
          // The weight of its first base-10000 digit (PostgreSQL's numeric layout), for digits g
          // with d of them after the point.
          "CREATE OR REPLACE TEMP MACRO mooncake_avg_weight(g, d) AS CASE WHEN g = '' THEN 0"
              + " WHEN length(g) - d > 0 THEN (length(g) - d - 1) // 4"
              + " ELSE -((d - length(g)) // 4) - 1 END",
          // That first base-10000 digit.
          "CREATE OR REPLACE TEMP MACRO mooncake_avg_first(g, d) AS CASE WHEN g = '' THEN 0"
              + " WHEN length(g) - d > 0 THEN left(g, ((length(g) - d - 1) % 4) + 1)::INTEGER"
              + " ELSE substring(rpad(repeat('0', d - length(g)) || g,"
              + " (((d - length(g)) // 4) * 4 + 4)::INTEGER, '0'),"
              + " ((d - length(g)) // 4) * 4 + 1, 4)::INTEGER END",
          // The scale of the quotient (PostgreSQL's select_div_scale): 16 significant digits,
          // at least the sum's scale, at most 1000.
          "CREATE OR REPLACE TEMP MACRO mooncake_avg_rscale(s, n) AS least(greatest(16 - 4 *"
              + " (mooncake_avg_weight(mooncake_avg_digits(s), mooncake_avg_scale(s))"
              + " - mooncake_avg_weight(n::VARCHAR, 0)"
              + " - CASE WHEN mooncake_avg_first(mooncake_avg_digits(s), mooncake_avg_scale(s))"
              + " <= mooncake_avg_first(n::VARCHAR, 0) THEN 1 ELSE 0 END),"
              + " mooncake_avg_scale(s), 0), 1000)",
          // |sum| / n at scale r, rounded half away from zero, exactly (128-bit integers).
          "CREATE OR REPLACE TEMP MACRO mooncake_avg_quotient(g, d, n, r) AS"
              + " ((CASE WHEN g = '' THEN 0::HUGEINT"
              + " ELSE (g || repeat('0', (r - d)::BIGINT))::HUGEINT END)"
              + " * 2 + n) // (2 * n)",
          // The digits of a quotient q, at least r + 1 of them (lpad would cut longer ones).
          "CREATE OR REPLACE TEMP MACRO mooncake_avg_padded(q, r) AS"
              + " CASE WHEN length(q::VARCHAR) > r THEN q::VARCHAR"
              + " ELSE lpad(q::VARCHAR, (r + 1)::INTEGER, '0') END",
          // The quotient's text with r digits after the point and the sum's sign.
          "CREATE OR REPLACE TEMP MACRO mooncake_avg_text(negative, q, r) AS"
              + " CASE WHEN negative AND q <> 0 THEN '-' ELSE '' END || CASE WHEN r = 0"
              + " THEN q::VARCHAR ELSE left(mooncake_avg_padded(q, r),"
              + " length(mooncake_avg_padded(q, r)) - r) || '.'"
              + " || right(mooncake_avg_padded(q, r), r) END",
          // avg: the text of the sum, and the count of values.
          "CREATE OR REPLACE TEMP MACRO mooncake_avg(s, n) AS CASE WHEN n = 0 OR s IS NULL"
              + " THEN NULL ELSE mooncake_avg_text(starts_with(s, '-'),"
              + " mooncake_avg_quotient(mooncake_avg_digits(s), mooncake_avg_scale(s), n,"
              + " mooncake_avg_rscale(s, n)), mooncake_avg_rscale(s, n)) END");

  private static final Set<String> SET_OPERATIONS = Set.of("union", "intersect", "except");

  /**
   * The averages that are whole output columns of the outermost SELECT of the statement in tokens
   * {@code [from, to)}: {@code avg([DISTINCT|ALL] args) [[AS] alias]}, with no FILTER or OVER, no
   * subquery or parameter in its arguments, in a SELECT without DISTINCT or set operations whose
   * ORDER BY names neither the column's alias nor its position.
   */
  static List<Found> find(List<Token> tokens, int from, int to) {
    int select = -1;
    int depth = 0;
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      if (t.isPunct("(") || t.isPunct("[")) {
        depth++;
      } else if (t.isPunct(")") || t.isPunct("]")) {
        depth--;
      } else if (depth == 0 && t.kind() == Token.Kind.WORD) {
        if (SET_OPERATIONS.contains(t.value())) {
          return List.of();
        }
        if (select < 0 && t.value().equals("select")) {
          select = i;
        }
      }
    }
    if (select < 0 || select + 1 >= to || tokens.get(select + 1).isWord("distinct")) {
      return List.of();
    }
    List<Found> found = new ArrayList<>();
    List<String> aliases = new ArrayList<>();
    int column = 0;
    int itemStart = tokens.get(select + 1).isWord("all") ? select + 2 : select + 1;
    depth = 0;
    int end = to;
    for (int i = itemStart; i <= to; i++) {
      Token t = i < to ? tokens.get(i) : null;
      if (t != null && (t.isPunct("(") || t.isPunct("["))) {
        depth++;
        continue;
      }
      if (t != null && (t.isPunct(")") || t.isPunct("]"))) {
        depth--;
        continue;
      }
      boolean itemEnds =
          t == null
              || depth == 0
                  && (t.isPunct(",") || t.kind() == Token.Kind.WORD && endsSelectList(t.value()));
      if (!itemEnds) {
        continue;
      }
      if (i - itemStart >= 1
          && tokens.get(i - 1).isOperator("*")
          && (i - itemStart == 1 || tokens.get(i - 2).isPunct("."))) {
        return List.of(); // * stands for several columns: the positions are not known here
      }
      Found f = average(tokens, itemStart, i, column);
      if (f != null) {
        found.add(f);
        aliases.add(alias(tokens, f.closeToken() + 1, i));
      }
      column++;
      itemStart = i + 1;
      if (t == null || !t.isPunct(",")) {
        end = i;
        break;
      }
    }
    if (found.isEmpty()) {
      return found;
    }
    // The rest of the statement must not refer to an average column: its text would be compared.
    List<Found> kept = new ArrayList<>();
    for (int k = 0; k < found.size(); k++) {
      String alias = aliases.get(k);
      String position = String.valueOf(found.get(k).column() + 1);
      boolean referenced = false;
      for (int i = end; i < to && !referenced; i++) {
        Token t = tokens.get(i);
        referenced =
            t.isIdentifier() && t.value().equals(alias)
                || t.kind() == Token.Kind.NUMBER
                    && t.value().equals(position)
                    && inOrderBy(tokens, end, i);
      }
      if (!referenced) {
        kept.add(found.get(k));
      }
    }
    return kept;
  }

  private static boolean endsSelectList(String word) {
    return word.equals("from")
        || word.equals("where")
        || word.equals("group")
        || word.equals("having")
        || word.equals("order")
        || word.equals("limit")
        || word.equals("offset")
        || word.equals("window")
        || word.equals("fetch");
  }

  /** The average that is all of the select item in tokens {@code [from, to)}, or null. */
  private static Found average(List<Token> tokens, int from, int to, int column) {
    if (to - from < 3 || !tokens.get(from).isWord("avg") || !tokens.get(from + 1).isPunct("(")) {
      return null;
    }
    int depth = 0;
    int close = -1;
    for (int i = from + 1; i < to; i++) {
      Token t = tokens.get(i);
      if (t.isPunct("(")) {
        depth++;
      } else if (t.isPunct(")")) {
        depth--;
        if (depth == 0) {
          close = i;
          break;
        }
      } else if (t.kind() == Token.Kind.PARAM || t.isWord("select") || t.isWord("order")) {
        return null; // a parameter would be bound twice; a subquery or ordered aggregate
      }
    }
    if (close < 0 || close == from + 2) {
      return null;
    }
    int rest = close + 1;
    if (rest < to && tokens.get(rest).isWord("as")) {
      rest++;
    }
    if (rest < to && tokens.get(rest).isIdentifier()) {
      rest++;
    }
    if (rest != to
        || close + 1 < to
            && (tokens.get(close + 1).isWord("filter") || tokens.get(close + 1).isWord("over"))) {
      return null;
    }
    return new Found(column, from, close);
  }

  /** The alias after an average (its output name "avg" when it has none). */
  private static String alias(List<Token> tokens, int from, int to) {
    for (int i = from; i < to; i++) {
      if (tokens.get(i).isIdentifier() && !tokens.get(i).isWord("as")) {
        return tokens.get(i).value();
      }
    }
    return "avg";
  }

  /** Whether token {@code at} is in an ORDER BY clause at the outermost level. */
  private static boolean inOrderBy(List<Token> tokens, int from, int at) {
    int depth = 0;
    boolean order = false;
    for (int i = from; i < at; i++) {
      Token t = tokens.get(i);
      if (t.isPunct("(")) {
        depth++;
      } else if (t.isPunct(")")) {
        depth--;
      } else if (depth == 0 && t.isWord("order")) {
        order = true;
      } else if (depth == 0 && (t.isWord("limit") || t.isWord("offset"))) {
        order = false;
      }
    }
    return order && depth == 0;
  }
}
