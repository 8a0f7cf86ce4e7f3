package io.mooncake.sqltests;

import io.mooncake.sqltests.SqlTokens.Token;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A corpus query on the mirrors instead of their source tables: every table reference to a mirrored
 * table ({@code FROM t}, {@code JOIN t}, {@code , t} in a FROM list, schema-qualified or not) names
 * the mirror, keeping the table's name as the alias when the query gave none, so that {@code t.col}
 * still resolves. Column names, aliases, string constants and ordinary tables stay as written.
 */
final class MirrorSubstitution {

  /** Words that may follow a table reference without being its alias. */
  private static final Set<String> NOT_AN_ALIAS =
      Set.of(
          "where",
          "join",
          "inner",
          "left",
          "right",
          "full",
          "cross",
          "natural",
          "on",
          "using",
          "group",
          "order",
          "having",
          "limit",
          "offset",
          "fetch",
          "union",
          "intersect",
          "except",
          "window",
          "for",
          "tablesample",
          "returning",
          "set");

  private final Map<String, String> mirrors;

  /** {@code mirrors}: source table name (lower case, unqualified) → the mirror's name. */
  MirrorSubstitution(Map<String, String> mirrors) {
    this.mirrors = Map.copyOf(mirrors);
  }

  String apply(String sql) {
    List<Token> tokens = SqlTokens.of(sql);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    // Per parenthesis level: whether it is a query (top level, or "(SELECT ...", "(WITH ...")
    // and whether its current clause is FROM (ON and USING belong to the FROM clause).
    Deque<boolean[]> levels = new ArrayDeque<>();
    levels.push(new boolean[] {true, false});
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      boolean[] level = levels.peek();
      if (t.isPunct('(')) {
        Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : t;
        levels.push(
            new boolean[] {
              next.isWord("select") || next.isWord("with") || next.isWord("values"), false
            });
        continue;
      }
      if (t.isPunct(')')) {
        if (levels.size() > 1) {
          levels.pop();
        }
        continue;
      }
      if (t.kind() != SqlTokens.Kind.WORD || !level[0]) {
        continue;
      }
      if (t.isWord("from") && !(i > 0 && tokens.get(i - 1).isWord("distinct"))) {
        level[1] = true; // a FROM clause, not IS [NOT] DISTINCT FROM
        continue;
      }
      if (CLAUSES.contains(t.value())) {
        level[1] = false;
        continue;
      }
      if (!level[1] || !startsTableReference(tokens, i)) {
        continue;
      }
      int nameAt = i;
      if (i + 2 < tokens.size() && tokens.get(i + 1).isPunct('.')) {
        nameAt = i + 2; // schema.table
      }
      Token name = tokens.get(nameAt);
      String mirror = mirrors.get(name.value());
      if (name.kind() != SqlTokens.Kind.WORD
          || mirror == null
          || (nameAt + 1 < tokens.size() && tokens.get(nameAt + 1).isPunct('('))) {
        continue;
      }
      out.append(sql, copied, name.start()).append(mirror);
      if (!hasAlias(tokens, nameAt + 1)) {
        out.append(" AS ").append(name.value());
      }
      copied = name.end();
      i = nameAt;
    }
    return out.append(sql.substring(copied)).toString();
  }

  private static final Set<String> CLAUSES =
      Set.of(
          "select",
          "where",
          "group",
          "having",
          "window",
          "order",
          "limit",
          "offset",
          "fetch",
          "union",
          "intersect",
          "except",
          "returning",
          "values");

  private static boolean startsTableReference(List<Token> tokens, int i) {
    if (i == 0) {
      return false;
    }
    Token prev = tokens.get(i - 1);
    return prev.isWord("from") || prev.isWord("join") || prev.isWord("only") || prev.isPunct(',');
  }

  private static boolean hasAlias(List<Token> tokens, int i) {
    if (i >= tokens.size()) {
      return false;
    }
    Token next = tokens.get(i);
    return next.isWord("as")
        || next.kind() == SqlTokens.Kind.QUOTED
        || (next.kind() == SqlTokens.Kind.WORD && !NOT_AN_ALIAS.contains(next.value()));
  }
}
