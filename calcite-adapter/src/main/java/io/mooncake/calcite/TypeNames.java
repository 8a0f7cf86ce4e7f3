package io.mooncake.calcite;

import java.util.List;
import java.util.Set;

/** Reads a PostgreSQL type name in a token list: after {@code ::}, after {@code AS} in CAST. */
final class TypeNames {

  private static final Set<String> CONTINUATIONS = Set.of("precision", "varying");
  private static final Set<String> INTERVAL_FIELDS =
      Set.of("year", "month", "day", "hour", "minute", "second", "to");

  private TypeNames() {}

  /**
   * The index just past the type name starting at token {@code i}: an identifier, maybe
   * schema-qualified, then {@code precision}/{@code varying}, a modifier list {@code (..)}, {@code
   * with[out] time zone}, interval fields and array brackets. Returns {@code i} if no type name
   * starts there.
   */
  static int end(List<Token> tokens, int i) {
    int n = tokens.size();
    if (i >= n || !tokens.get(i).isIdentifier()) {
      return i;
    }
    boolean interval = tokens.get(i).isWord("interval");
    i++;
    if (i + 1 < n && tokens.get(i).isPunct(".") && tokens.get(i + 1).isIdentifier()) {
      i += 2;
    }
    while (i < n
        && tokens.get(i).kind() == Token.Kind.WORD
        && CONTINUATIONS.contains(tokens.get(i).value())) {
      i++;
    }
    if (i < n && tokens.get(i).isPunct("(")) {
      int close = closingParen(tokens, i);
      if (close < 0) {
        return i;
      }
      i = close + 1;
    }
    if (i + 2 < n
        && (tokens.get(i).isWord("with") || tokens.get(i).isWord("without"))
        && tokens.get(i + 1).isWord("time")
        && tokens.get(i + 2).isWord("zone")) {
      i += 3;
    }
    while (interval
        && i < n
        && tokens.get(i).kind() == Token.Kind.WORD
        && INTERVAL_FIELDS.contains(tokens.get(i).value())) {
      i++;
    }
    while (i < n && tokens.get(i).isPunct("[")) {
      if (i + 1 < n && tokens.get(i + 1).isPunct("]")) {
        i += 2;
      } else if (i + 2 < n
          && tokens.get(i + 1).kind() == Token.Kind.NUMBER
          && tokens.get(i + 2).isPunct("]")) {
        i += 3;
      } else {
        break;
      }
    }
    return i;
  }

  /**
   * The type's base name in lower case, as the compatibility list spells it ({@code text}, {@code
   * timestamp with time zone}).
   */
  static String baseName(List<Token> tokens, int start, int end) {
    StringBuilder name = new StringBuilder();
    for (int k = start; k < end; k++) {
      Token t = tokens.get(k);
      if (t.isPunct("(") || t.isPunct("[")) {
        int close = t.isPunct("(") ? closingParen(tokens, k) : k + 1;
        k = Math.max(k, close);
        if (t.isPunct("[")) {
          while (k < end && !tokens.get(k).isPunct("]")) {
            k++;
          }
          name.append("[]");
        }
        continue;
      }
      if (t.isPunct(".")) {
        name.setLength(0); // schema prefix: pg_catalog.int4 is int4
        continue;
      }
      if (name.length() > 0 && name.charAt(name.length() - 1) != ']') {
        name.append(' ');
      }
      name.append(
          t.kind() == Token.Kind.QUOTED_IDENT
              ? t.value()
              : t.value().toLowerCase(java.util.Locale.ROOT));
    }
    return name.toString().replace(" []", "[]");
  }

  /**
   * Index of the parenthesis that encloses token {@code at} (for a closing one, the one it closes),
   * looking back no further than {@code from}; -1 if none.
   */
  static int openingParen(List<Token> tokens, int from, int at) {
    int depth = 0;
    for (int k = at - 1; k >= from; k--) {
      Token t = tokens.get(k);
      if (t.isPunct(")")) {
        depth++;
      } else if (t.isPunct("(")) {
        if (depth == 0) {
          return k;
        }
        depth--;
      }
    }
    return -1;
  }

  /**
   * Index of the first word of {@code words} in tokens {@code [from, to)} outside parentheses, or
   * -1.
   */
  static int topLevelWord(List<Token> tokens, int from, int to, Set<String> words) {
    int depth = 0;
    for (int k = from; k < to; k++) {
      Token t = tokens.get(k);
      if (t.isPunct("(")) {
        depth++;
      } else if (t.isPunct(")")) {
        depth--;
      } else if (depth == 0 && t.kind() == Token.Kind.WORD && words.contains(t.value())) {
        return k;
      }
    }
    return -1;
  }

  /** Index of the parenthesis closing the one at {@code open}, or -1. */
  static int closingParen(List<Token> tokens, int open) {
    int depth = 0;
    for (int k = open; k < tokens.size(); k++) {
      Token t = tokens.get(k);
      if (t.isPunct("(") || t.isPunct("[")) {
        depth++;
      } else if (t.isPunct(")") || t.isPunct("]")) {
        depth--;
        if (depth == 0) {
          return k;
        }
      }
    }
    return -1;
  }
}
