package io.mooncake.calcite;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where DuckDB, reading {@code char(n)} values without their padding blanks, could answer otherwise
 * than PostgreSQL. PostgreSQL itself ignores those blanks when it compares, groups or sorts {@code
 * char(n)} values (among themselves, with constants and with text) and when it turns them into text
 * (casts, {@code ||}, text functions), and the driver pads results typed {@code char(n)} again; so
 * the blank-less value gives PostgreSQL's answer except where PostgreSQL uses the blanks or
 * compares a value with blanks of its own as {@code char}:
 *
 * <ul>
 *   <li>pattern matching ({@code LIKE}, {@code ILIKE}, {@code SIMILAR TO}, regular expressions) on
 *       a {@code char(n)} value, and functions that print their argument as its type does ({@code
 *       concat}, {@code format}, {@code octet_length}, JSON and array builders);
 *   <li>a {@code varchar} value meeting a {@code char(n)} one: PostgreSQL then compares both as
 *       {@code char}, ignoring the {@code varchar} value's trailing blanks. A {@code varchar}
 *       column may therefore only be selected, grouped or sorted by, matched against a pattern, or
 *       compared with a constant; casts to {@code varchar}, set operations and NATURAL joins are
 *       refused;
 *   <li>a string constant ending in a blank (compared as {@code char}, its blanks do not count).
 * </ul>
 *
 * <p>The check is lexical ({@link PgLexer}), errs towards PostgreSQL, and applies to every
 * statement that reads a {@code char(n)} column, named or not. Parameters ending in a blank are the
 * caller's to check, when it knows their values.
 */
public final class PaddedChars {

  private static final Set<String> PATTERN_WORDS = Set.of("like", "ilike", "similar");
  private static final Set<String> PATTERN_OPERATORS =
      Set.of("~", "~*", "!~", "!~*", "~~", "~~*", "!~~", "!~~*");

  /** The comparison operators. */
  static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=");

  /** Functions giving text: a {@code char(n)} argument has lost its blanks in their result. */
  private static final Set<String> TEXT_RESULTS =
      Set.of(
          "lower",
          "upper",
          "substring",
          "substr",
          "trim",
          "btrim",
          "ltrim",
          "rtrim",
          "replace",
          "left",
          "right",
          "reverse",
          "md5",
          "initcap",
          "split_part",
          "translate",
          "lpad",
          "rpad",
          "regexp_replace");

  /** Functions giving a length. */
  private static final Set<String> LENGTHS = Set.of("length", "char_length", "character_length");

  /** Functions that print their arguments as their types do: {@code char(n)} with its blanks. */
  private static final Set<String> PRINTING =
      Set.of(
          "concat",
          "concat_ws",
          "format",
          "octet_length",
          "to_json",
          "to_jsonb",
          "row_to_json",
          "json_agg",
          "jsonb_agg",
          "json_build_array",
          "json_build_object",
          "jsonb_build_array",
          "jsonb_build_object",
          "json_object_agg",
          "jsonb_object_agg",
          "array_agg",
          "array_to_string",
          "array_to_json",
          "quote_literal",
          "quote_nullable",
          "row",
          "array");

  /** Words that combine rows of two queries, or join on columns nobody names. */
  private static final Set<String> COMBINING = Set.of("union", "intersect", "except", "natural");

  /** Calls whose argument stays a value of its own (an aggregate of it, its text). */
  private static final Set<String> OWN_VALUE_CALLS =
      Set.of("count", "min", "max", "length", "char_length", "character_length", "upper", "lower");

  /** Words before a select, group or order item. */
  private static final Set<String> ITEM_STARTS = Set.of("select", "by", "distinct", "all");

  /** Words after a value that make it part of a larger expression. */
  private static final Set<String> CONTINUING =
      Set.of(
          "is", "in", "like", "ilike", "similar", "between", "and", "or", "not", "collate",
          "isnull", "notnull", "then", "else", "end", "when", "over", "filter", "within", "at");

  private PaddedChars() {}

  /**
   * Why {@code sql} could get another answer on DuckDB, or empty. {@code padded} are the names of
   * the {@code char(n)} columns it may read (as PostgreSQL resolves names), {@code varying} those
   * of its {@code varchar} columns, {@code known} those of all its columns; a statement that reads
   * no {@code char(n)} column has nothing to check.
   */
  public static Optional<String> misuse(
      String sql, Set<String> padded, Set<String> varying, Set<String> known) {
    if (padded.isEmpty()) {
      return Optional.empty();
    }
    List<Token> tokens;
    try {
      tokens = PgLexer.lex(sql);
    } catch (Untranslatable e) {
      return Optional.of("the statement cannot be read (" + e.getMessage() + ")");
    }
    if (!readsPadded(tokens, padded)) {
      return Optional.empty();
    }
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      Token previous = i > 0 ? tokens.get(i - 1) : null;
      Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      if (t.kind() == Token.Kind.STRING && mayEndInBlank(t.value())) {
        return refuse("a string constant that may end in a blank");
      }
      if (t.kind() == Token.Kind.WORD && COMBINING.contains(t.value())) {
        return refuse(t.value().toUpperCase(java.util.Locale.ROOT) + " may compare them as char");
      }
      if (t.kind() == Token.Kind.WORD
          && (t.value().equals("varchar")
              || (t.value().equals("character") && next != null && next.isWord("varying"))
              || ((t.value().equals("json") || t.value().equals("jsonb"))
                  && previous != null
                  && (previous.isOperator("::") || previous.isWord("as"))))) {
        return refuse("a cast to " + t.value());
      }
      if (t.isIdentifier() && next != null && next.isPunct("(") && PRINTING.contains(t.value())) {
        return refuse(t.value() + "() prints them with their blanks");
      }
      if (t.kind() == Token.Kind.WORD && t.value().equals("array") && next != null) {
        if (next.isPunct("[")) {
          return refuse("an ARRAY keeps their blanks");
        }
      }
      if (isPattern(t)) {
        String why = patternOperand(tokens, i, padded, known);
        if (why != null) {
          return refuse(why);
        }
      }
      if (isColumn(tokens, i) && varying.contains(t.value()) && !harmless(tokens, i)) {
        return refuse(
            "varchar column "
                + t.value()
                + " may meet a char(n) value, which PostgreSQL compares without the varchar"
                + " value's trailing blanks");
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the statement may read a char(n) value: it names a char(n) column, or selects {@code *}
   * (which may include one).
   */
  private static boolean readsPadded(List<Token> tokens, Set<String> padded) {
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (isColumn(tokens, i) && padded.contains(t.value())) {
        return true;
      }
      if (t.isOperator("*") && i > 0 && expands(tokens, i)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the {@code *} at {@code i} stands for all columns (not a product, not count's). */
  private static boolean expands(List<Token> tokens, int i) {
    Token previous = tokens.get(i - 1);
    if (previous.isPunct(")")) {
      // SELECT DISTINCT ON (...) *
      int open = TypeNames.openingParen(tokens, 0, i - 1);
      return open >= 2
          && tokens.get(open - 1).isWord("on")
          && tokens.get(open - 2).isWord("distinct");
    }
    if (previous.isWord("select")
        && i >= 3
        && tokens.get(i - 2).isPunct("(")
        && tokens.get(i - 3).isWord("exists")) {
      return false; // EXISTS (SELECT * ...) only asks whether a row is there
    }
    return previous.isPunct(",")
        || previous.isPunct(".")
        || previous.isWord("select")
        || previous.isWord("distinct")
        || previous.isWord("all");
  }

  private static Optional<String> refuse(String why) {
    return Optional.of("a char(n) column is read without its blanks, and " + why);
  }

  /** Whether a string constant's text (as written) may end in a blank once decoded. */
  private static boolean mayEndInBlank(String literal) {
    String text = literal;
    char first = Character.toLowerCase(text.isEmpty() ? ' ' : text.charAt(0));
    if (first == 'e' || first == 'u') {
      // Escapes (E'a\040', U&'a\0020') may spell a blank anywhere.
      return text.indexOf('\\') >= 0 || text.endsWith(" '") || text.contains("UESCAPE");
    }
    if (text.startsWith("$")) {
      int close = text.lastIndexOf('$', text.length() - 2);
      int tag = text.indexOf('$', 1) + 1;
      return close > tag && Character.isWhitespace(text.charAt(close - 1));
    }
    return text.length() >= 2 && text.charAt(text.length() - 2) == ' ';
  }

  private static boolean isPattern(Token t) {
    return (t.kind() == Token.Kind.WORD && PATTERN_WORDS.contains(t.value()))
        || (t.kind() == Token.Kind.OPERATOR && PATTERN_OPERATORS.contains(t.value()));
  }

  /**
   * Why the left operand of the pattern operator at {@code at} may be a {@code char(n)} value, or
   * null: it must be a column known not to be one, or a call of a function giving text.
   */
  private static String patternOperand(
      List<Token> tokens, int at, Set<String> padded, Set<String> known) {
    int right = at + 1 < tokens.size() && tokens.get(at + 1).isWord("to") ? at + 2 : at + 1;
    if (right + 2 < tokens.size() && tokens.get(right + 1).isPunct(".")) {
      right += 2; // t.c
    }
    if (right < tokens.size()
        && isColumn(tokens, right)
        && padded.contains(tokens.get(right).value())) {
      return "a pattern is " + tokens.get(right).value() + ", with its blanks";
    }
    int left = at - 1;
    if (left >= 0 && tokens.get(left).isWord("not")) {
      left--;
    }
    if (left < 0) {
      return null;
    }
    Token operand = tokens.get(left);
    if (operand.isPunct(")")) {
      int open = TypeNames.openingParen(tokens, 0, left);
      if (open > 0
          && tokens.get(open - 1).isIdentifier()
          && TEXT_RESULTS.contains(tokens.get(open - 1).value())) {
        return null;
      }
      return "a pattern is matched against a value that may be char(n), with its blanks";
    }
    if (operand.kind() == Token.Kind.STRING) {
      return null;
    }
    if (operand.isIdentifier()
        && !padded.contains(operand.value())
        && known.contains(operand.value())) {
      return null;
    }
    return "a pattern is matched against "
        + (operand.isIdentifier() ? operand.value() : "a value")
        + ", which PostgreSQL matches with its blanks";
  }

  /** Whether token {@code i} names a column: not a qualifier, a function, an alias or a type. */
  private static boolean isColumn(List<Token> tokens, int i) {
    Token t = tokens.get(i);
    if (!t.isIdentifier()) {
      return false;
    }
    Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
    Token previous = i > 0 ? tokens.get(i - 1) : null;
    return !(next != null && (next.isPunct(".") || next.isPunct("(")))
        && !(previous != null && (previous.isWord("as") || previous.isOperator("::")));
  }

  /**
   * Whether the varchar column at {@code i} keeps to itself: matched against a pattern, compared
   * with a constant or tested for NULL, or an item of the outermost query's select, group or order
   * list (or the argument of an aggregate or text function there).
   */
  private static boolean harmless(List<Token> tokens, int i) {
    int n = tokens.size();
    Token next = i + 1 < n ? tokens.get(i + 1) : null;
    Token previous = i > 0 ? tokens.get(i - 1) : null;
    if (next != null && (isPattern(next) || next.isWord("is"))) {
      return true;
    }
    if ((next != null && next.isOperator("||"))
        || (previous != null && previous.isOperator("||"))) {
      return true; // its text joined to other text is text
    }
    if (next != null && next.isWord("not") && i + 2 < n && isPattern(tokens.get(i + 2))) {
      return true;
    }
    if (next != null
        && next.kind() == Token.Kind.OPERATOR
        && COMPARISONS.contains(next.value())
        && isConstant(tokens, i + 2)) {
      return true;
    }
    if (previous != null
        && previous.kind() == Token.Kind.OPERATOR
        && COMPARISONS.contains(previous.value())
        && i >= 2
        && isConstantEnding(tokens, i - 2)) {
      return true;
    }
    if (next != null && next.isWord("in") && constantList(tokens, i + 2)) {
      return true;
    }
    // An item of the outermost query: v, t.v, or count(v), count(DISTINCT v), max(t.v), ...
    int first = previous != null && previous.isPunct(".") ? i - 2 : i;
    int open = TypeNames.openingParen(tokens, 0, first);
    if (open > 0
        && tokens.get(open - 1).isIdentifier()
        && (TEXT_RESULTS.contains(tokens.get(open - 1).value())
            || LENGTHS.contains(tokens.get(open - 1).value()))) {
      return true; // an argument of a function giving text or a length: no longer varchar
    }
    int last = i;
    if (open >= 0) {
      boolean ownValue =
          open > 0
              && tokens.get(open - 1).isIdentifier()
              && OWN_VALUE_CALLS.contains(tokens.get(open - 1).value())
              && TypeNames.openingParen(tokens, 0, open - 1) < 0
              && (open == first - 1
                  || (open == first - 2 && tokens.get(first - 1).isWord("distinct")))
              && last + 1 < n
              && tokens.get(last + 1).isPunct(")");
      if (!ownValue) {
        return false;
      }
      first = open - 1;
      last = last + 1;
    }
    Token before = first > 0 ? tokens.get(first - 1) : null;
    boolean starts =
        before != null
            && ((before.kind() == Token.Kind.WORD && ITEM_STARTS.contains(before.value()))
                || before.isPunct(","));
    Token after = last + 1 < n ? tokens.get(last + 1) : null;
    return starts
        && (after == null
            || after.isPunct(",")
            || after.isPunct(";")
            || (after.kind() == Token.Kind.WORD && !CONTINUING.contains(after.value())));
  }

  /** Whether token {@code i} is a constant or parameter that ends the operand. */
  private static boolean isConstant(List<Token> tokens, int i) {
    if (i >= tokens.size()) {
      return false;
    }
    Token t = tokens.get(i);
    boolean constant = isLiteral(t) || t.isWord("null");
    Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
    return constant && (after == null || after.kind() != Token.Kind.OPERATOR);
  }

  /** Whether token {@code i} is a constant or parameter that starts the expression it ends. */
  private static boolean isConstantEnding(List<Token> tokens, int i) {
    Token before = i > 0 ? tokens.get(i - 1) : null;
    return isLiteral(tokens.get(i)) && (before == null || before.kind() != Token.Kind.OPERATOR);
  }

  /** Whether {@code t} is a string or number constant, or a parameter. */
  private static boolean isLiteral(Token t) {
    return t.kind() == Token.Kind.STRING
        || t.kind() == Token.Kind.NUMBER
        || t.kind() == Token.Kind.PARAM;
  }

  /** Whether a parenthesized list of constants starts at {@code i}. */
  private static boolean constantList(List<Token> tokens, int i) {
    if (i >= tokens.size() || !tokens.get(i).isPunct("(")) {
      return false;
    }
    for (int k = i + 1; k < tokens.size(); k++) {
      Token t = tokens.get(k);
      if (t.isPunct(")")) {
        return k > i + 1;
      }
      if (!(isLiteral(t) || t.isPunct(","))) {
        return false;
      }
    }
    return false;
  }
}
