package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code avg()} as PostgreSQL computes it. PostgreSQL's avg of integers and numerics is a numeric
 * whose scale follows from its division rules (about 16 significant digits, at least the scale of
 * the sum), rounded half away from zero; DuckDB's is a DOUBLE. So an average that is a whole output
 * column of the outermost SELECT is marked ({@link QueryPlan.ExactAverage}), and when PostgreSQL
 * describes that column as numeric, DuckDB hands over the exact sum and count, which the driver
 * divides as PostgreSQL does. An average used in any other way (an expression, ORDER BY, a
 * subquery) is still refused, since only its final text is exact.
 */
final class ExactAverages {

  private ExactAverages() {}

  /**
   * An exact value found: the output column (0-based), its first token ({@code avg}, or a
   * quotient's dividend), the division's "/" (-1 for an average) and its last token.
   */
  record Found(int column, int first, int middle, int last) {}

  /** Finds the value that is all of a select item (tokens {@code [from, to)}), or null. */
  interface Matcher {
    Found match(List<Token> tokens, int from, int to, int column);
  }

  private static final Set<String> SET_OPERATIONS = Set.of("union", "intersect", "except");

  /**
   * The averages that are whole output columns of the outermost SELECT of the statement in tokens
   * {@code [from, to)}: {@code avg([DISTINCT|ALL] args) [[AS] alias]}, with no FILTER or OVER, no
   * subquery or parameter in its arguments, in a SELECT without DISTINCT or set operations whose
   * ORDER BY names neither the column's alias nor its position.
   */
  static List<Found> find(List<Token> tokens, int from, int to) {
    return find(tokens, from, to, ExactAverages::average);
  }

  /**
   * The select items of the outermost SELECT of tokens {@code [from, to)} that {@code matcher}
   * finds, under the same conditions as {@link #find(List, int, int)}.
   */
  static List<Found> find(List<Token> tokens, int from, int to, Matcher matcher) {
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
      Found f = matcher.match(tokens, itemStart, i, column);
      if (f != null) {
        found.add(f);
        aliases.add(alias(tokens, f.last() + 1, i, f.middle() < 0 ? "avg" : "?column?"));
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
    int close = TypeNames.closingParen(tokens, from + 1);
    if (close < 0 || close >= to) {
      return null;
    }
    for (int i = from + 2; i < close; i++) {
      Token t = tokens.get(i);
      if (t.kind() == Token.Kind.PARAM || t.isWord("select") || t.isWord("order")) {
        return null; // a parameter would be bound twice; a subquery or ordered aggregate
      }
    }
    if (close == from + 2) {
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
    return new Found(column, from, -1, close);
  }

  /** The alias after a value (its output name {@code unnamed} when it has none). */
  private static String alias(List<Token> tokens, int from, int to, String unnamed) {
    for (int i = from; i < to; i++) {
      if (tokens.get(i).isIdentifier() && !tokens.get(i).isWord("as")) {
        return tokens.get(i).value();
      }
    }
    return unnamed;
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
