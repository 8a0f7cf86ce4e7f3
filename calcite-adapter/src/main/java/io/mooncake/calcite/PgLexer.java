package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's lexical rules, as far as routing needs them: string constants in all their forms,
 * quoted identifiers, nested comments, operators, and JDBC {@code ?} placeholders (PgJDBC's rule:
 * every {@code ?} outside literals and comments is a placeholder, {@code ??} a literal {@code ?}).
 * The {@code skip*} methods are shared with the allocation-free {@link
 * MirrorNameIndex#mentionedIn}.
 */
final class PgLexer {

  private PgLexer() {}

  /** Splits {@code sql} into tokens; comments and white space are dropped. */
  static List<Token> lex(String sql) {
    List<Token> tokens = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        i = skipLineComment(sql, i);
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = skipBlockComment(sql, i);
      } else if (c == '\'') {
        i = skipString(sql, i, false);
        tokens.add(new Token(Token.Kind.STRING, start, i, sql.substring(start, i)));
      } else if (c == '"') {
        i = skipQuotedIdentifier(sql, i);
        String name = sql.substring(start + 1, i - 1).replace("\"\"", "\"");
        if (name.isEmpty()) {
          throw new Untranslatable("zero-length delimited identifier", start);
        }
        tokens.add(new Token(Token.Kind.QUOTED_IDENT, start, i, name));
      } else if (c == '$') {
        int tagEnd = dollarTagEnd(sql, i);
        if (tagEnd > 0) {
          i = skipDollarQuoted(sql, i, tagEnd);
          tokens.add(new Token(Token.Kind.STRING, start, i, sql.substring(start, i)));
        } else if (i + 1 < n && isDigit(sql.charAt(i + 1))) {
          i++;
          while (i < n && isDigit(sql.charAt(i))) {
            i++;
          }
          tokens.add(new Token(Token.Kind.POSITIONAL_PARAM, start, i, sql.substring(start, i)));
        } else {
          throw new Untranslatable("unexpected '$'", start);
        }
      } else if (isIdentStart(c)) {
        int prefixed = prefixedLiteralEnd(sql, i);
        if (prefixed > 0) {
          i = prefixed;
          boolean ident = sql.charAt(i - 1) == '"';
          tokens.add(
              new Token(
                  ident ? Token.Kind.UNICODE_IDENT : Token.Kind.STRING,
                  start,
                  i,
                  sql.substring(start, i)));
        } else {
          i = identifierEnd(sql, i);
          tokens.add(new Token(Token.Kind.WORD, start, i, foldIdentifier(sql, start, i)));
        }
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
        i = numberEnd(sql, i);
        tokens.add(new Token(Token.Kind.NUMBER, start, i, sql.substring(start, i)));
      } else if (c == '?') {
        if (i + 1 < n && sql.charAt(i + 1) == '?') {
          i += 2;
          tokens.add(new Token(Token.Kind.OPERATOR, start, i, "??"));
        } else {
          i++;
          tokens.add(new Token(Token.Kind.PARAM, start, i, "?"));
        }
      } else if (c == ':') {
        i += i + 1 < n && sql.charAt(i + 1) == ':' ? 2 : 1;
        tokens.add(
            new Token(
                i - start == 2 ? Token.Kind.OPERATOR : Token.Kind.PUNCT,
                start,
                i,
                sql.substring(start, i)));
      } else if ("()[],;.".indexOf(c) >= 0) {
        i++;
        tokens.add(new Token(Token.Kind.PUNCT, start, i, String.valueOf(c)));
      } else if (isOperatorChar(c)) {
        i = operatorEnd(sql, i);
        tokens.add(new Token(Token.Kind.OPERATOR, start, i, sql.substring(start, i)));
      } else {
        throw new Untranslatable("unexpected character '" + c + "'", start);
      }
    }
    return tokens;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c) || c == '$';
  }

  static boolean isOperatorChar(char c) {
    return "+-*/<>=~!@#%^&|`".indexOf(c) >= 0;
  }

  static int identifierEnd(String sql, int i) {
    int n = sql.length();
    i++;
    while (i < n && isIdentPart(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  /** PostgreSQL folds unquoted identifiers to lower case, ASCII letters only. */
  static String foldIdentifier(String sql, int start, int end) {
    char[] chars = new char[end - start];
    for (int k = start; k < end; k++) {
      char c = sql.charAt(k);
      chars[k - start] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return new String(chars);
  }

  /**
   * End of {@code E'..'}, {@code B'..'}, {@code X'..'}, {@code N'..'}, {@code U&'..'} or {@code
   * U&".."} starting at {@code i}, or -1 if the text there is not such a literal.
   */
  static int prefixedLiteralEnd(String sql, int i) {
    int n = sql.length();
    char c = Character.toLowerCase(sql.charAt(i));
    if (i + 1 < n && sql.charAt(i + 1) == '\'' && "ebxn".indexOf(c) >= 0) {
      return skipString(sql, i + 1, c == 'e');
    }
    if (c == 'u' && i + 2 < n && sql.charAt(i + 1) == '&') {
      char q = sql.charAt(i + 2);
      if (q == '\'') {
        return skipString(sql, i + 2, false);
      }
      if (q == '"') {
        return skipQuotedIdentifier(sql, i + 2);
      }
    }
    return -1;
  }

  /** From the opening quote at {@code i} to just past the closing one. */
  static int skipString(String sql, int i, boolean backslashEscapes) {
    int n = sql.length();
    int start = i;
    i++;
    while (i < n) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == '\'') {
        if (i + 1 < n && sql.charAt(i + 1) == '\'') {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    throw new Untranslatable("unterminated quoted string", start);
  }

  static int skipQuotedIdentifier(String sql, int i) {
    int n = sql.length();
    int start = i;
    i++;
    while (i < n) {
      if (sql.charAt(i) == '"') {
        if (i + 1 < n && sql.charAt(i + 1) == '"') {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    throw new Untranslatable("unterminated quoted identifier", start);
  }

  static int skipLineComment(String sql, int i) {
    int nl = sql.indexOf('\n', i);
    return nl < 0 ? sql.length() : nl + 1;
  }

  /** PostgreSQL's block comments nest. */
  static int skipBlockComment(String sql, int i) {
    int n = sql.length();
    int start = i;
    int depth = 0;
    while (i < n) {
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
    throw new Untranslatable("unterminated /* comment", start);
  }

  /**
   * If a dollar-quote tag ({@code $$} or {@code $tag$}) starts at {@code i}, the index past it;
   * else -1.
   */
  static int dollarTagEnd(String sql, int i) {
    int n = sql.length();
    int k = i + 1;
    if (k < n && sql.charAt(k) == '$') {
      return k + 1;
    }
    if (k >= n || !isIdentStart(sql.charAt(k))) {
      return -1;
    }
    while (k < n && sql.charAt(k) != '$') {
      char c = sql.charAt(k);
      if (!isIdentStart(c) && !isDigit(c)) {
        return -1;
      }
      k++;
    }
    return k < n ? k + 1 : -1;
  }

  static int skipDollarQuoted(String sql, int i, int tagEnd) {
    String tag = sql.substring(i, tagEnd);
    int close = sql.indexOf(tag, tagEnd);
    if (close < 0) {
      throw new Untranslatable("unterminated dollar-quoted string", i);
    }
    return close + tag.length();
  }

  static int numberEnd(String sql, int i) {
    int n = sql.length();
    while (i < n && (isDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
      i++;
    }
    if (i + 1 < n && sql.charAt(i) == '.' && sql.charAt(i + 1) != '.') {
      i++;
      while (i < n && isDigit(sql.charAt(i))) {
        i++;
      }
    }
    if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int k = i + 1;
      if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
        k++;
      }
      if (k < n && isDigit(sql.charAt(k))) {
        i = k;
        while (i < n && isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
    return i;
  }

  /**
   * PostgreSQL's operator rule: the longest run of operator characters, stopping at a comment
   * start; a multi-character operator ends in + or - only if it contains one of ~ ! @ # % ^ & | `.
   */
  static int operatorEnd(String sql, int i) {
    int n = sql.length();
    int start = i;
    while (i < n && isOperatorChar(sql.charAt(i))) {
      if (i > start && (sql.startsWith("--", i) || sql.startsWith("/*", i))) {
        break;
      }
      i++;
    }
    if (i - start > 1) {
      boolean special = false;
      for (int k = start; k < i; k++) {
        if ("~!@#%^&|`".indexOf(sql.charAt(k)) >= 0) {
          special = true;
          break;
        }
      }
      while (!special && i - start > 1 && (sql.charAt(i - 1) == '+' || sql.charAt(i - 1) == '-')) {
        i--;
      }
    }
    return i;
  }
}
