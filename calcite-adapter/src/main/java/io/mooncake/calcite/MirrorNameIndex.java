package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The fast path: does a statement mention any mirror's name as an identifier? One pass over the
 * text, skipping literals and comments, comparing each identifier with the names of the same
 * length, without allocating. A "yes" only means the statement needs the full analysis.
 */
final class MirrorNameIndex {

  /** Mirror names by length; {@code byLength[n]} is null when no name has n characters. */
  private final String[][] byLength;

  MirrorNameIndex(Collection<String> names) {
    int max = 0;
    for (String name : names) {
      max = Math.max(max, name.length());
    }
    List<List<String>> buckets = new ArrayList<>();
    for (int k = 0; k <= max; k++) {
      buckets.add(new ArrayList<>());
    }
    for (String name : names) {
      if (!buckets.get(name.length()).contains(name)) {
        buckets.get(name.length()).add(name);
      }
    }
    byLength = new String[max + 1][];
    for (int k = 0; k <= max; k++) {
      byLength[k] = buckets.get(k).isEmpty() ? null : buckets.get(k).toArray(new String[0]);
    }
  }

  boolean mentionedIn(String sql) {
    if (byLength.length == 1) {
      return false;
    }
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') {
        i =
            PgLexer.skipString(
                sql,
                i,
                i > 0
                    && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
                    && (i == 1 || !PgLexer.isIdentPart(sql.charAt(i - 2))));
      } else if (c == '"') {
        int end = PgLexer.skipQuotedIdentifier(sql, i);
        if (quotedMatches(sql, i + 1, end - 1)) {
          return true;
        }
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        i = PgLexer.skipLineComment(sql, i);
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = PgLexer.skipBlockComment(sql, i);
      } else if (c == '$') {
        int tagEnd = PgLexer.dollarTagEnd(sql, i);
        i = tagEnd > 0 ? PgLexer.skipDollarQuoted(sql, i, tagEnd) : i + 1;
      } else if (PgLexer.isIdentStart(c)) {
        if ((c == 'u' || c == 'U') && sql.startsWith("&\"", i + 1)) {
          return true; // U&"..." may spell any name; let the full analysis decide
        }
        int end = PgLexer.identifierEnd(sql, i);
        if (end < n && sql.charAt(end) == '\'') {
          i = end; // a prefix such as E'..' or a type name before a literal: the literal comes next
        } else if (unquotedMatches(sql, i, end)) {
          return true;
        } else {
          i = end;
        }
      } else if (PgLexer.isDigit(c)) {
        i = PgLexer.numberEnd(sql, i);
      } else {
        i++;
      }
    }
    return false;
  }

  private boolean unquotedMatches(String sql, int start, int end) {
    int len = end - start;
    if (len >= byLength.length || byLength[len] == null) {
      return false;
    }
    for (String name : byLength[len]) {
      boolean same = true;
      for (int k = 0; k < len && same; k++) {
        char c = sql.charAt(start + k);
        if (c >= 'A' && c <= 'Z') {
          c = (char) (c + ('a' - 'A'));
        }
        same = c == name.charAt(k);
      }
      if (same) {
        return true;
      }
    }
    return false;
  }

  private boolean quotedMatches(String sql, int start, int end) {
    int len = end - start;
    if (sql.indexOf("\"\"", start) >= 0 && sql.indexOf("\"\"", start) < end) {
      return true; // doubled quotes inside: rare, let the full analysis decode them
    }
    if (len >= byLength.length || byLength[len] == null) {
      return false;
    }
    for (String name : byLength[len]) {
      if (sql.regionMatches(start, name, 0, len)) {
        return true;
      }
    }
    return false;
  }
}
