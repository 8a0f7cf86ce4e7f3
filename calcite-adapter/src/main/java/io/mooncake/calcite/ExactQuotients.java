package io.mooncake.calcite;

import java.util.List;
import java.util.Set;

/**
 * Numeric division as PostgreSQL computes it. PostgreSQL's quotient of numerics is exact to a scale
 * chosen from the operands' leading digits (about 16 significant digits, at least their scales),
 * rounded half away from zero; DuckDB divides decimals in floating point. So a quotient that is a
 * whole output column of the outermost SELECT ({@code a / b [[AS] alias]}, the division being the
 * item's last operation) is marked, and when PostgreSQL describes that column as numeric, DuckDB
 * hands over the exact dividend and divisor, which the driver divides as PostgreSQL does. The
 * conditions on the SELECT are those of {@link ExactAverages}.
 */
final class ExactQuotients {

  /** Words that make an expression more than a product of operands. */
  private static final Set<String> NOT_OPERANDS =
      Set.of(
          "and",
          "or",
          "not",
          "is",
          "isnull",
          "notnull",
          "in",
          "like",
          "ilike",
          "similar",
          "between",
          "case",
          "when",
          "then",
          "else",
          "end",
          "collate",
          "at",
          "overlaps",
          "escape",
          "any",
          "all",
          "some",
          "from",
          "distinct");

  private ExactQuotients() {}

  /** The quotients that are whole output columns of the outermost SELECT in {@code [from, to)}. */
  static List<ExactAverages.Found> find(List<Token> tokens, int from, int to) {
    return ExactAverages.find(tokens, from, to, ExactQuotients::quotient);
  }

  /**
   * The quotient that is all of the select item {@code [from, to)} (its alias aside), or null: at
   * the item's top level only operands, {@code *}, {@code /}, {@code %}, casts and signs, the last
   * operation a division; no parameter (the operands are written twice for DuckDB).
   */
  private static ExactAverages.Found quotient(List<Token> tokens, int from, int to, int column) {
    int end = expressionEnd(tokens, from, to);
    int depth = 0;
    int slash = -1;
    boolean operandBefore = false;
    for (int i = from; i < end; i++) {
      Token t = tokens.get(i);
      if (t.kind() == Token.Kind.PARAM || t.kind() == Token.Kind.POSITIONAL_PARAM) {
        return null;
      }
      if (t.isPunct("(") || t.isPunct("[")) {
        depth++;
        operandBefore = true;
        continue;
      }
      if (t.isPunct(")") || t.isPunct("]")) {
        depth--;
        continue;
      }
      if (depth > 0) {
        continue;
      }
      if (t.kind() == Token.Kind.OPERATOR) {
        String op = t.value();
        if (op.equals("::")) {
          continue;
        }
        boolean sign = (op.equals("-") || op.equals("+")) && !operandBefore;
        if (!sign && !op.equals("*") && !op.equals("/") && !op.equals("%")) {
          return null;
        }
        if (!sign) {
          slash = op.equals("/") ? i : -1;
        }
        operandBefore = false;
      } else if (t.kind() == Token.Kind.WORD && NOT_OPERANDS.contains(t.value())) {
        return null;
      } else if (t.isPunct(",") || t.isPunct(";")) {
        return null;
      } else {
        operandBefore = true;
      }
    }
    if (slash <= from || slash >= end - 1 || depth != 0) {
      return null;
    }
    return new ExactAverages.Found(column, from, slash, end - 1);
  }

  /** Where the expression of the select item {@code [from, to)} ends: before its alias, if any. */
  private static int expressionEnd(List<Token> tokens, int from, int to) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      if (t.isPunct("(") || t.isPunct("[")) {
        depth++;
      } else if (t.isPunct(")") || t.isPunct("]")) {
        depth--;
      } else if (depth == 0 && t.isWord("as")) {
        return i;
      }
    }
    if (to - from >= 2 && tokens.get(to - 1).isIdentifier()) {
      Token before = tokens.get(to - 2);
      boolean operandEnds =
          before.isIdentifier()
              || before.kind() == Token.Kind.NUMBER
              || before.kind() == Token.Kind.STRING
              || before.isPunct(")")
              || before.isPunct("]");
      if (operandEnds && !before.isPunct(".")) {
        return to - 1;
      }
    }
    return to;
  }
}
