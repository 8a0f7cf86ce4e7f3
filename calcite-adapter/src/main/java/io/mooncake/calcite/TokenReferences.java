package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The conservative analysis for statements Babel cannot parse: table references are read from the
 * token stream by clause (a name right after FROM, JOIN, a comma of a FROM list, or ONLY there). It
 * only answers when every mention of a mirror's name is provably a table reference or provably not
 * one; otherwise it throws {@link Untranslatable}. Columns of ordinary tables are not determined
 * (fetched whole).
 */
final class TokenReferences {

  /** Clause words: the clause a token is in is the last of these seen at its parenthesis depth. */
  /** Functions whose arguments PostgreSQL's grammar separates with FROM. */
  private static final Set<String> FROM_ARGUMENTS =
      Set.of("extract", "substring", "trim", "overlay", "position");

  private static final Set<String> CLAUSES =
      Set.of(
          "select",
          "from",
          "join",
          "on",
          "using",
          "where",
          "group",
          "having",
          "order",
          "limit",
          "offset",
          "window",
          "returning",
          "set",
          "values",
          "into",
          "with",
          "fetch",
          "for",
          "union",
          "intersect",
          "except",
          "as",
          "update",
          "delete",
          "insert",
          "merge",
          "when",
          "then");

  /** Words after a table name that are not its alias: a clause end, or these. */
  private static final Set<String> NOT_ALIAS =
      java.util.stream.Stream.concat(
              PushedFilters.CLAUSE_ENDS.stream(),
              java.util.stream.Stream.of(
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
                  "set",
                  "when",
                  "lateral",
                  "tablesample",
                  "with",
                  "into",
                  "values",
                  "select"))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** Words that may precede "(" without being a function name. */
  private static final Set<String> NOT_FUNCTIONS =
      Set.of(
          "in",
          "exists",
          "any",
          "all",
          "some",
          "values",
          "over",
          "filter",
          "lateral",
          "on",
          "using",
          "as",
          "array",
          "row",
          "and",
          "or",
          "not",
          "within",
          "rollup",
          "cube",
          "grouping",
          "sets",
          "select",
          "from",
          "where",
          "join",
          "when",
          "then",
          "else",
          "case",
          "by",
          "distinct",
          "into",
          "table",
          "with",
          "materialized",
          "partition",
          "interval",
          "is",
          "like",
          "ilike",
          "between",
          "returning",
          "set",
          "union",
          "intersect",
          "except",
          "of");

  private TokenReferences() {}

  /**
   * @param definitions true for DDL: outside FROM clauses, names there define things (columns,
   *     constraints) rather than read tables
   */
  static References of(
      List<Token> tokens,
      int from,
      int to,
      MirrorCatalog catalog,
      SearchPath searchPath,
      Set<String> mirrorNames,
      boolean definitions) {
    References found = new References();
    Set<String> cteNames = cteNames(tokens, from, to);
    for (String name : cteNames) {
      if (mirrorNames.contains(name)) {
        throw new Untranslatable(
            "a CTE named "
                + name
                + " hides a mirror of that name in a statement"
                + " only partly understood",
            tokens.get(from).start());
      }
    }
    List<String> clause = new ArrayList<>();
    clause.add("");
    Set<Integer> classified = new HashSet<>();
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      int depth = clause.size() - 1;
      if (t.isPunct("(")) {
        Token before = i > from ? tokens.get(i - 1) : null;
        // extract(f FROM x), substring(s FROM n), trim(FROM s)...: a FROM that is no clause
        clause.add(
            before != null
                    && before.kind() == Token.Kind.WORD
                    && FROM_ARGUMENTS.contains(before.value())
                ? "arguments"
                : "");
        continue;
      }
      if (t.isPunct(")")) {
        if (depth > 0) {
          clause.remove(depth);
        }
        continue;
      }
      if (t.kind() == Token.Kind.WORD
          && CLAUSES.contains(t.value())
          && !clause.get(depth).equals("arguments")) {
        clause.set(depth, t.value().equals("join") ? "from" : t.value());
        continue;
      }
      if (!t.isIdentifier()) {
        continue;
      }
      Token prev = i > from ? tokens.get(i - 1) : null;
      Token next = i + 1 < to ? tokens.get(i + 1) : null;
      boolean afterPeriod = prev != null && prev.isPunct(".");
      if (next != null
          && next.isPunct("(")
          && !NOT_FUNCTIONS.contains(t.value())
          && !afterPeriod
          && t.kind() == Token.Kind.WORD
          && !(prev != null && (prev.isWord("as") || prev.isOperator("::")))) {
        found.functions.add(
            new References.FunctionUse(t.value(), i, clause.get(depth).equals("from")));
        continue;
      }
      boolean tableStart =
          clause.get(depth).equals("from")
              && prev != null
              && !afterPeriod
              && (prev.isWord("from")
                  || prev.isWord("join")
                  || prev.isPunct(",")
                  || prev.isWord("only")
                  || prev.isWord("lateral"));
      if (tableStart) {
        int k = i;
        List<String> parts = new ArrayList<>();
        parts.add(t.value());
        while (k + 2 < to && tokens.get(k + 1).isPunct(".") && tokens.get(k + 2).isIdentifier()) {
          parts.add(tokens.get(k + 2).value());
          k += 2;
        }
        Token after = k + 1 < to ? tokens.get(k + 1) : null;
        boolean aliased =
            after != null
                && (after.isWord("as")
                    || after.kind() == Token.Kind.QUOTED_IDENT
                    || (after.kind() == Token.Kind.WORD && !NOT_ALIAS.contains(after.value())));
        TableRef.Kind kind;
        TableName mirror = null;
        if (parts.size() == 1 && cteNames.contains(parts.get(0))) {
          kind = TableRef.Kind.CTE;
        } else {
          mirror = catalog.resolveMirror(parts, searchPath).orElse(null);
          kind = mirror != null ? TableRef.Kind.MIRROR : TableRef.Kind.POSTGRES;
        }
        TableRef ref = new TableRef(i, k, parts, aliased, kind, mirror);
        ref.allColumns = true;
        found.tables.add(ref);
        for (int m = i; m <= k; m++) {
          classified.add(m);
        }
        i = k;
        continue;
      }
      if (mirrorNames.contains(t.value()) && !classified.contains(i)) {
        String context = clause.get(depth);
        boolean expression =
            Set.of(
                        "select",
                        "on",
                        "where",
                        "group",
                        "having",
                        "order",
                        "set",
                        "returning",
                        "when",
                        "then",
                        "using")
                    .contains(context)
                || afterPeriod;
        if (!expression && !(definitions && !context.equals("from"))) {
          throw new Untranslatable(
              "cannot tell whether " + t.value() + " is a table or a column here", t.start());
        }
      }
    }
    return found;
  }

  /** Names defined by a leading {@code WITH name [(cols)] AS [[NOT] MATERIALIZED] (...)} list. */
  private static Set<String> cteNames(List<Token> tokens, int from, int to) {
    Set<String> names = new HashSet<>();
    int i = from;
    if (i >= to || !tokens.get(i).isWord("with")) {
      return names;
    }
    i++;
    if (i < to && tokens.get(i).isWord("recursive")) {
      i++;
    }
    while (i < to && tokens.get(i).isIdentifier()) {
      names.add(tokens.get(i).value());
      i++;
      if (i < to && tokens.get(i).isPunct("(")) {
        i = TypeNames.closingParen(tokens, i) + 1;
      }
      while (i < to && !tokens.get(i).isPunct("(")) {
        i++; // AS [NOT] [MATERIALIZED]
      }
      if (i >= to) {
        break;
      }
      i = TypeNames.closingParen(tokens, i) + 1;
      if (i <= 0 || i >= to || !tokens.get(i).isPunct(",")) {
        break;
      }
      i++;
    }
    return names;
  }
}
