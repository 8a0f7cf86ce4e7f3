package io.mooncake.sqltests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of a corpus query, as far as the harness needs them: words (unquoted identifiers and
 * keywords, lower-cased), quoted identifiers, string constants in PostgreSQL's forms ({@code
 * '...'}, {@code E'...'}, {@code $tag$...$tag$}), numbers and single punctuation characters.
 * Comments and white space are dropped. Not a full PostgreSQL lexer: operators come out one
 * character at a time.
 */
final class SqlTokens {

  enum Kind {
    WORD,
    QUOTED,
    STRING,
    NUMBER,
    PUNCT
  }

  /** One token: its kind, where it is in the text, and its value (words lower-cased). */
  record Token(Kind kind, int start, int end, String value) {

    boolean isWord(String word) {
      return kind == Kind.WORD && value.equals(word);
    }

    boolean isPunct(char c) {
      return kind == Kind.PUNCT && value.charAt(0) == c;
    }
  }

  private SqlTokens() {}

  static List<Token> of(String sql) {
    List<Token> tokens = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (sql.startsWith("--", i)) {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (sql.startsWith("/*", i)) {
        i = blockCommentEnd(sql, i);
      } else if (c == '\'') {
        i = stringEnd(sql, i + 1, false);
        tokens.add(new Token(Kind.STRING, start, i, sql.substring(start, i)));
      } else if ((c == 'e' || c == 'E') && i + 1 < n && sql.charAt(i + 1) == '\'') {
        i = stringEnd(sql, i + 2, true);
        tokens.add(new Token(Kind.STRING, start, i, sql.substring(start, i)));
      } else if (c == '"') {
        int close = sql.indexOf('"', i + 1);
        while (close >= 0 && close + 1 < n && sql.charAt(close + 1) == '"') {
          close = sql.indexOf('"', close + 2);
        }
        i = close < 0 ? n : close + 1;
        tokens.add(new Token(Kind.QUOTED, start, i, sql.substring(start, i)));
      } else if (c == '$' && dollarTag(sql, i) != null) {
        String tag = dollarTag(sql, i);
        int close = sql.indexOf(tag, i + tag.length());
        i = close < 0 ? n : close + tag.length();
        tokens.add(new Token(Kind.STRING, start, i, sql.substring(start, i)));
      } else if (Character.isLetter(c) || c == '_') {
        while (i < n
            && (Character.isLetterOrDigit(sql.charAt(i)) || "_$".indexOf(sql.charAt(i)) >= 0)) {
          i++;
        }
        tokens.add(
            new Token(Kind.WORD, start, i, sql.substring(start, i).toLowerCase(Locale.ROOT)));
      } else if (Character.isDigit(c)) {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        tokens.add(new Token(Kind.NUMBER, start, i, sql.substring(start, i)));
      } else {
        i++;
        tokens.add(new Token(Kind.PUNCT, start, i, String.valueOf(c)));
      }
    }
    return tokens;
  }

  /** True when the statement ends with an ORDER BY of its own (not one inside parentheses). */
  static boolean hasTopLevelOrderBy(String sql) {
    List<Token> tokens = of(sql);
    int depth = 0;
    for (int i = 0; i + 1 < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.isPunct('(')) {
        depth++;
      } else if (t.isPunct(')')) {
        depth--;
      } else if (depth == 0 && t.isWord("order") && tokens.get(i + 1).isWord("by")) {
        return true;
      }
    }
    return false;
  }

  private static int blockCommentEnd(String sql, int i) {
    int depth = 0;
    while (i < sql.length()) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return i;
  }

  /** The end of a string constant whose body starts at {@code i}. */
  private static int stringEnd(String sql, int i, boolean backslashEscapes) {
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == '\'') {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return i;
  }

  /** {@code $tag$} starting at {@code i}, or null when {@code $} does not open a dollar quote. */
  private static String dollarTag(String sql, int i) {
    int k = i + 1;
    while (k < sql.length() && (Character.isLetterOrDigit(sql.charAt(k)) || sql.charAt(k) == '_')) {
      k++;
    }
    if (k < sql.length()
        && sql.charAt(k) == '$'
        && (k == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
      return sql.substring(i, k + 1);
    }
    return null;
  }
}
