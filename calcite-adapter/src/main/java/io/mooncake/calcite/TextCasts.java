package io.mooncake.calcite;

import java.util.List;

/**
 * Casts to {@code text} (or {@code varchar}) as PostgreSQL makes them. DuckDB's text of a
 * floating-point value is not PostgreSQL's ({@code 1.0} for {@code 1}, {@code nan} for {@code NaN},
 * {@code 1500000000000000.0} for {@code 1.5e+15}); the planner knows no types, so each such cast
 * becomes a call of the {@link #MACRO_DEFINITIONS macro} {@code mooncake_text}, which casts every
 * other value as before and makes DuckDB fail on a float, so that the query runs on PostgreSQL.
 */
final class TextCasts {

  private TextCasts() {}

  static final List<String> MACRO_DEFINITIONS =
      List.of(
          "CREATE OR REPLACE TEMP MACRO mooncake_text(x) AS CASE WHEN typeof(x) IN ('DOUBLE',"
              + " 'FLOAT') THEN error('the text of a floating-point value is PostgreSQL''s to"
              + " write') ELSE x::VARCHAR END");

  /** Whether a cast to {@code type} (base name, lower case) is one to rewrite. */
  static boolean toText(String type) {
    return type.equals("text") || type.equals("varchar") || type.equals("character varying");
  }

  /**
   * The edits turning {@code operand::text} (the {@code ::} at token {@code colons}, the type
   * ending before token {@code typeEnd}) into {@code mooncake_text(operand)}.
   */
  static List<TextEdit> operator(
      String sql, List<Token> tokens, int from, int colons, int typeEnd) {
    int start = operandStart(tokens, from, colons);
    if (start < 0) {
      throw new Untranslatable(
          "a cast to text of an expression mooncake cannot delimit", tokens.get(colons).start());
    }
    // The edits' text is followed by the next token's: keep the spaces there were.
    String afterStart = tokens.get(start).end() < tokens.get(start + 1).start() ? " " : "";
    String afterType =
        typeEnd < tokens.size() && tokens.get(typeEnd - 1).end() < tokens.get(typeEnd).start()
            ? " "
            : "";
    return List.of(
        new TextEdit(start, start, "mooncake_text(" + tokens.get(start).text(sql) + afterStart),
        new TextEdit(colons, typeEnd - 1, ")" + afterType));
  }

  /**
   * The edits turning {@code CAST(x AS text)} (the {@code AS} at token {@code as}, the type ending
   * before token {@code typeEnd}, the {@code CAST} at token {@code cast}) into {@code
   * mooncake_text(x)}.
   */
  static List<TextEdit> function(int cast, int as, int typeEnd) {
    return List.of(
        new TextEdit(cast, cast + 1, "mooncake_text("), new TextEdit(as, typeEnd - 1, ""));
  }

  /** The first token of the operand of the {@code ::} at {@code colons}, or -1. */
  private static int operandStart(List<Token> tokens, int from, int colons) {
    int i = colons - 1;
    if (i < from) {
      return -1;
    }
    Token t = tokens.get(i);
    int start;
    if (t.isPunct(")")) {
      start = TypeNames.openingParen(tokens, from, i);
      if (start < 0) {
        return -1;
      }
      if (start > from && tokens.get(start - 1).isIdentifier()) {
        start = chainStart(tokens, from, start - 1); // a function call
      }
    } else if (t.isIdentifier()) {
      start = chainStart(tokens, from, i);
    } else if (t.kind() == Token.Kind.STRING) {
      start = i;
      if (i > from
          && tokens.get(i - 1).kind() == Token.Kind.WORD
          && BabelText.isTypedLiteralWord(tokens.get(i - 1).value())) {
        start = i - 1;
      }
    } else if (t.kind() == Token.Kind.NUMBER || t.kind() == Token.Kind.PARAM) {
      start = i;
    } else {
      return -1;
    }
    // x::int::text: the operand is x::int
    if (start > from && tokens.get(start - 1).isOperator("::")) {
      return -1;
    }
    return start;
  }

  /** The first token of the dotted name ending at {@code i} ({@code a.b.c}). */
  private static int chainStart(List<Token> tokens, int from, int i) {
    int start = i;
    while (start - 2 >= from
        && tokens.get(start - 1).isPunct(".")
        && tokens.get(start - 2).isIdentifier()) {
      start -= 2;
    }
    return start;
  }
}
