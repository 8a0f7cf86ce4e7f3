package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code round(x, k)} on DuckDB with PostgreSQL's scale. Both round numerics half away from zero,
 * but PostgreSQL gives the result k decimal places ({@code round(1.2, 3)} is {@code 1.200}) where
 * DuckDB keeps the fewer places of x ({@code 1.2}); adding a zero of scale k ({@code (round(x, 3) +
 * 0.000)}) gives DuckDB's result PostgreSQL's scale, the value unchanged. So k must be an integer
 * constant; with a negative or zero k both give scale 0. Rounding a float is refused by {@link
 * NumericGuards}' macro: PostgreSQL rounds a double's halves to even, and a numeric that DuckDB
 * computed as a double (an average) would be rounded from other digits.
 */
final class RoundScales {

  private RoundScales() {}

  /** The largest k whose zero DuckDB reads as a DECIMAL literal. */
  private static final int MAX_SCALE = 30;

  /** The edits for the calls of {@code round} among {@code functions}. */
  static List<TextEdit> edits(List<Token> tokens, List<References.FunctionUse> functions) {
    List<TextEdit> edits = new ArrayList<>();
    for (References.FunctionUse use : functions) {
      if (!use.name().equals("round") || use.inFrom()) {
        continue;
      }
      int open = use.token() + 1;
      if (open >= tokens.size() || !tokens.get(open).isPunct("(")) {
        continue;
      }
      int close = TypeNames.closingParen(tokens, open);
      int comma = -1;
      int depth = 0;
      for (int k = open + 1; k < close; k++) {
        Token t = tokens.get(k);
        if (t.isPunct("(") || t.isPunct("[")) {
          depth++;
        } else if (t.isPunct(")") || t.isPunct("]")) {
          depth--;
        } else if (depth == 0 && t.isPunct(",")) {
          if (comma >= 0) {
            throw new Untranslatable("round() with more than two arguments", t.start());
          }
          comma = k;
        }
      }
      if (comma < 0) {
        continue; // round(x): scale 0 in both
      }
      int scale = scale(tokens, comma + 1, close);
      if (scale > 0) {
        // Only the constant changes, so that edits around the call (a cast to text) still fit;
        // the edit's text is followed by the next token's: keep the space there was.
        int last = close - 1;
        String after = tokens.get(last).end() < tokens.get(close).start() ? " " : "";
        edits.add(
            new TextEdit(
                last, last, tokens.get(last).value() + ", 0." + "0".repeat(scale) + after));
      }
    }
    return edits;
  }

  /** The integer constant between {@code from} and {@code to}, or refused. */
  private static int scale(List<Token> tokens, int from, int to) {
    boolean negative = false;
    int k = from;
    if (k < to && (tokens.get(k).isOperator("-") || tokens.get(k).isOperator("+"))) {
      negative = tokens.get(k).isOperator("-");
      k++;
    }
    if (k + 1 != to
        || tokens.get(k).kind() != Token.Kind.NUMBER
        || !tokens.get(k).value().matches("[0-9]{1,9}")) {
      throw new Untranslatable(
          "round() with a number of decimal places that is not an integer constant: PostgreSQL"
              + " gives the result that scale, DuckDB fewer places",
          tokens.get(Math.min(from, tokens.size() - 1)).start());
    }
    int value = Integer.parseInt(tokens.get(k).value());
    if (!negative && value > MAX_SCALE) {
      throw new Untranslatable(
          "round() to more than " + MAX_SCALE + " decimal places", tokens.get(k).start());
    }
    return negative ? 0 : value;
  }
}
