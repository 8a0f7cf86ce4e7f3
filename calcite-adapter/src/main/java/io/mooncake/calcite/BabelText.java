package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A copy of one statement that Calcite's Babel parser can read, made from PostgreSQL tokens. It
 * only needs to keep the statement's structure (which names are tables, which are columns), so it
 * drops what Babel gets wrong: {@code ::} casts, typed literals and {@code INTERVAL '7 days'},
 * PostgreSQL-only operators (replaced by {@code ||}), {@code DISTINCT ON (..)}, locking clauses.
 * String constants become {@code 's'}. The text is one line; {@link #tokenAt} maps a Calcite column
 * back to the original token.
 */
final class BabelText {

  /** Operators Babel parses; the rest become {@code ||}, which binds like them for our purpose. */
  private static final Set<String> BABEL_OPERATORS =
      Set.of("+", "-", "*", "/", "%", "=", "<", ">", "<=", ">=", "<>", "!=", "||");

  /** Words PostgreSQL accepts as column names that Calcite reserves. */
  private static final Set<String> CALCITE_RESERVED = Set.of("date", "time", "timestamp", "uuid");

  private static final Set<String> FRAME_WORDS = Set.of("rows", "range");
  private static final Set<String> FRAME_FOLLOWERS =
      Set.of("between", "unbounded", "current", "only", "fetch");

  /** Words after which a string constant is an operand, not a typed literal's value. */
  private static final Set<String> BEFORE_OPERAND =
      Set.of(
          "select",
          "where",
          "and",
          "or",
          "not",
          "like",
          "ilike",
          "similar",
          "to",
          "escape",
          "then",
          "else",
          "when",
          "case",
          "in",
          "is",
          "between",
          "by",
          "as",
          "distinct",
          "all",
          "any",
          "some",
          "from",
          "using",
          "limit",
          "offset",
          "on",
          "having",
          "values",
          "returning",
          "set",
          "over",
          "filter",
          "partition",
          "within",
          "fetch",
          "first",
          "next",
          "for",
          "union",
          "except",
          "intersect",
          "exists",
          "array",
          "row",
          "nulls",
          "asc",
          "desc",
          "group",
          "order",
          "end",
          "symmetric",
          "asymmetric",
          "default",
          "zone",
          "return",
          "into",
          "do");

  private static final Set<String> INTERVAL_FIELDS =
      Set.of("year", "month", "day", "hour", "minute", "second", "to");

  /** True when {@code word} right before a string constant names the literal's type. */
  static boolean isTypedLiteralWord(String word) {
    return !BEFORE_OPERAND.contains(word);
  }

  private static final Set<String> LOCK_STRENGTHS = Set.of("update", "share", "no", "key");

  final String text;
  private final int[] tokenAt;

  /** Where a locking clause ({@code FOR UPDATE} ...) starts, or -1. */
  final int lockingClause;

  private BabelText(String text, int[] tokenAt, int lockingClause) {
    this.text = text;
    this.tokenAt = tokenAt;
    this.lockingClause = lockingClause;
  }

  /** The original token at Calcite's 1-based column {@code column}, or the last one. */
  int tokenAt(int column) {
    int offset = Math.max(0, Math.min(column - 1, tokenAt.length - 1));
    return tokenAt[offset];
  }

  static BabelText of(List<Token> tokens, int from, int to) {
    Builder out = new Builder();
    int locking = -1;
    List<Integer> castParens = new ArrayList<>();
    int depth = 0;
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      Token next = i + 1 < to ? tokens.get(i + 1) : null;
      Token prev = i > from ? tokens.get(i - 1) : null;
      switch (t.kind()) {
        case STRING -> out.add("'s'", i);
        case PARAM -> out.add("?", i);
        case NUMBER -> out.add(t.value(), i);
        case QUOTED_IDENT -> out.add(TableName.quote(t.value()), i);
        case POSITIONAL_PARAM ->
            throw new Untranslatable(
                "positional parameter " + t.value() + " (JDBC uses ?)", t.start());
        case UNICODE_IDENT ->
            throw new Untranslatable("Unicode-escaped identifier U&\"...\"", t.start());
        case OPERATOR -> {
          if (t.value().equals("::")) {
            i = TypeNames.end(tokens, i + 1) - 1;
          } else {
            out.add(BABEL_OPERATORS.contains(t.value()) ? t.value() : "||", i);
          }
        }
        case PUNCT -> {
          if (t.isPunct("(")) {
            depth++;
            if (prev != null && prev.isWord("cast")) {
              castParens.add(depth);
            }
          } else if (t.isPunct(")")) {
            if (!castParens.isEmpty() && castParens.get(castParens.size() - 1) == depth) {
              castParens.remove(castParens.size() - 1);
            }
            depth--;
          }
          out.add(t.value(), i);
        }
        case WORD -> {
          String w = t.value();
          if (w.equals("interval") && next != null && next.kind() == Token.Kind.STRING) {
            // INTERVAL '7 days' [unit [TO unit]]: the literal alone stands for it
            out.add("'s'", i);
            i = skipIntervalFields(tokens, i + 2, to) - 1;
          } else if (next != null
              && next.kind() == Token.Kind.STRING
              && !BEFORE_OPERAND.contains(w)
              && !(prev != null && prev.isOperator("::"))) {
            // a typed literal such as date '2024-01-01' or timestamptz '...': keep the literal
            continue;
          } else if (w.equals("as")
              && !castParens.isEmpty()
              && castParens.get(castParens.size() - 1) == depth) {
            out.add("as", i);
            int end = TypeNames.end(tokens, i + 1);
            out.add("varchar", i + 1);
            i = end - 1;
          } else if (w.equals("distinct")
              && next != null
              && next.isWord("on")
              && i + 2 < to
              && tokens.get(i + 2).isPunct("(")) {
            int close = TypeNames.closingParen(tokens, i + 2);
            requireNoSubquery(tokens, i + 2, close, "DISTINCT ON");
            out.add("distinct", i);
            i = close;
          } else if (w.equals("for")
              && next != null
              && next.kind() == Token.Kind.WORD
              && LOCK_STRENGTHS.contains(next.value())) {
            if (locking < 0) {
              locking = i;
            }
            i = lockingClauseEnd(tokens, i, to) - 1;
          } else if (w.equals("only")
              && next != null
              && next.isIdentifier()
              && prev != null
              && (prev.isWord("from") || prev.isWord("join") || prev.isPunct(","))) {
            continue; // FROM ONLY t: no inheritance children in a mirror; Babel would read "only"
            // as the table
          } else if (w.equals("lateral") && next != null && next.kind() == Token.Kind.WORD) {
            continue; // LATERAL before a function call: Babel wants the bare call
          } else if (w.equals("extract")
              && next != null
              && next.isPunct("(")
              && i + 3 < to
              && (tokens.get(i + 2).kind() == Token.Kind.WORD
                  || tokens.get(i + 2).kind() == Token.Kind.STRING)
              && tokens.get(i + 3).isWord("from")) {
            out.add("\"extract\"", i);
            out.add("(", i + 1);
            out.add("'s'", i + 2);
            out.add(",", i + 3);
            depth++;
            i += 3;
          } else if (w.equals("collate")) {
            throw new Untranslatable(
                "COLLATE: PostgreSQL collations have no DuckDB equivalent", t.start());
          } else if (CALCITE_RESERVED.contains(w)
              && (next == null || next.kind() != Token.Kind.STRING)) {
            out.add('"' + w + '"', i);
          } else if (FRAME_WORDS.contains(w) && !isFrameKeyword(prev, next)) {
            out.add('"' + w + '"', i);
          } else {
            out.add(w, i);
          }
        }
        default -> throw new IllegalStateException(t.kind().name());
      }
    }
    return out.build(locking);
  }

  private static boolean isFrameKeyword(Token prev, Token next) {
    boolean afterCount =
        prev != null && (prev.kind() == Token.Kind.NUMBER || prev.kind() == Token.Kind.PARAM);
    boolean beforeFrame =
        next != null
            && (next.kind() == Token.Kind.NUMBER
                || (next.kind() == Token.Kind.WORD && FRAME_FOLLOWERS.contains(next.value())));
    return afterCount || beforeFrame;
  }

  private static int skipIntervalFields(List<Token> tokens, int i, int to) {
    while (i < to
        && tokens.get(i).kind() == Token.Kind.WORD
        && INTERVAL_FIELDS.contains(tokens.get(i).value())) {
      i++;
    }
    return i;
  }

  /** {@code FOR UPDATE|NO KEY UPDATE|SHARE|KEY SHARE [OF names] [NOWAIT|SKIP LOCKED]}, repeated. */
  private static int lockingClauseEnd(List<Token> tokens, int i, int to) {
    while (i < to && !tokens.get(i).isPunct(")") && !tokens.get(i).isPunct(";")) {
      i++;
    }
    return i;
  }

  private static void requireNoSubquery(List<Token> tokens, int from, int to, String where) {
    for (int k = from; k < to; k++) {
      if (tokens.get(k).isWord("select")) {
        throw new Untranslatable("subquery inside " + where, tokens.get(k).start());
      }
    }
  }

  private static final class Builder {
    private final StringBuilder text = new StringBuilder();
    private int[] tokenAt = new int[64];

    void add(String piece, int token) {
      if (text.length() > 0) {
        text.append(' ');
      }
      int start = Math.max(0, text.length() - 1);
      text.append(piece);
      if (tokenAt.length < text.length()) {
        tokenAt = Arrays.copyOf(tokenAt, Math.max(text.length(), tokenAt.length * 2));
      }
      Arrays.fill(tokenAt, start, text.length(), token);
    }

    BabelText build(int locking) {
      return new BabelText(
          text.toString(), Arrays.copyOf(tokenAt, Math.max(1, text.length())), locking);
    }
  }
}
