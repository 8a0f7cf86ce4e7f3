package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The conditions of a query that PostgreSQL may apply to the rows fetched of an ordinary table
 * joined with mirrors, so that only those rows are copied to DuckDB: the conjuncts of the WHERE
 * clause of the SELECT whose FROM names the table, that refer to that table's columns only
 * (qualified with its name or alias) through operators, literals and casts. The query keeps them
 * too (DuckDB applies them again), so they only have to let through every row that can matter: true
 * of an inner join's WHERE conjunct; a SELECT with an outer or lateral join is left alone.
 */
final class PushedFilters {

  private PushedFilters() {}

  private static final Set<String> KEY_WORDS =
      Set.of(
          "and",
          "or",
          "not",
          "in",
          "is",
          "null",
          "true",
          "false",
          "like",
          "ilike",
          "between",
          "symmetric",
          "escape",
          "distinct",
          "from",
          "unknown");

  /** Words that end a WHERE clause (the clauses after it, set operations, locking). */
  static final Set<String> CLAUSE_ENDS =
      Set.of(
          "group",
          "having",
          "order",
          "limit",
          "offset",
          "window",
          "union",
          "intersect",
          "except",
          "fetch",
          "for",
          "returning");

  private static final Set<String> OUTER_JOINS =
      Set.of("left", "right", "full", "outer", "natural", "lateral");

  /**
   * The PostgreSQL condition for the rows of {@code ref} (a reference to an ordinary table, the
   * only one to it in the statement {@code [from, to)} of {@code sql}), with the table named {@link
   * TableRef#exposedName()}; null when there is none.
   */
  static String of(String sql, List<Token> tokens, int from, int to, TableRef ref) {
    int depth = 0;
    for (int i = from; i < ref.firstToken; i++) {
      if (tokens.get(i).isPunct("(")) {
        depth++;
      } else if (tokens.get(i).isPunct(")")) {
        depth--;
      }
    }
    // Back to the FROM of the table's SELECT.
    int fromWord = -1;
    int d = depth;
    for (int i = ref.firstToken - 1; i >= from && fromWord < 0; i--) {
      Token t = tokens.get(i);
      if (t.isPunct(")")) {
        d++;
      } else if (t.isPunct("(")) {
        if (d == depth) {
          return null; // the table's SELECT starts before any FROM: not a FROM item
        }
        d--;
      } else if (d == depth && t.isWord("from")) {
        fromWord = i;
      }
    }
    if (fromWord < 0) {
      return null;
    }
    // Forward: the FROM items (no outer joins), then the WHERE clause.
    int where = -1;
    int end = to;
    d = depth;
    for (int i = fromWord + 1; i < to; i++) {
      Token t = tokens.get(i);
      if (t.isPunct("(")) {
        d++;
      } else if (t.isPunct(")")) {
        if (d == depth) {
          end = i;
          break;
        }
        d--;
      } else if (d == depth && t.kind() == Token.Kind.WORD) {
        if (where < 0 && OUTER_JOINS.contains(t.value())) {
          return null;
        }
        if (where < 0 && t.value().equals("where")) {
          where = i;
        } else if (CLAUSE_ENDS.contains(t.value())) {
          end = i;
          break;
        }
      }
    }
    if (where < 0) {
      return null;
    }
    List<String> kept = new ArrayList<>();
    int start = where + 1;
    boolean between = false;
    d = depth;
    for (int i = where + 1; i <= end; i++) {
      Token t = i < end ? tokens.get(i) : null;
      if (t != null && t.isPunct("(")) {
        d++;
      } else if (t != null && t.isPunct(")")) {
        d--;
      } else if (t != null && d == depth && t.isWord("between")) {
        between = true;
      } else if (t == null || d == depth && t.isWord("and")) {
        if (t != null && between) {
          between = false;
          continue;
        }
        if (start < i && onlyOf(tokens, start, i, ref.qualifier(tokens))) {
          kept.add("(" + sql.substring(tokens.get(start).start(), tokens.get(i - 1).end()) + ")");
        }
        start = i + 1;
      }
    }
    return kept.isEmpty() ? null : String.join(" AND ", kept);
  }

  /**
   * Whether tokens {@code [from, to)} refer to columns of table {@code name} only, through
   * operators, literals, casts and key words: no function, parameter or subquery.
   */
  private static boolean onlyOf(List<Token> tokens, int from, int to, String name) {
    boolean column = false;
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      switch (t.kind()) {
        case PARAM, POSITIONAL_PARAM, UNICODE_IDENT -> {
          return false;
        }
        case WORD, QUOTED_IDENT -> {
          Token previous = i > from ? tokens.get(i - 1) : null;
          Token next = i + 1 < to ? tokens.get(i + 1) : null;
          if (t.value().equals(name)
              && next != null
              && next.isPunct(".")
              && i + 2 < to
              && tokens.get(i + 2).isIdentifier()
              && !(i + 3 < to && tokens.get(i + 3).isPunct("("))) {
            column = true;
            i += 2;
          } else if (previous != null && previous.isOperator("::")) {
            // a type name; its modifiers follow in parentheses
          } else if (t.kind() == Token.Kind.WORD
              && next != null
              && next.kind() == Token.Kind.STRING
              && BabelText.isTypedLiteralWord(t.value())) {
            // date '2024-01-01'
          } else if (t.kind() != Token.Kind.WORD || !KEY_WORDS.contains(t.value())) {
            return false;
          }
        }
        case PUNCT -> {
          if (t.isPunct(";") || t.isPunct("[")) {
            return false;
          }
        }
        default -> {}
      }
    }
    return column;
  }
}
