package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Decides where a PostgreSQL statement runs and, for queries reading mirrors, writes the DuckDB
 * query: the user's text with each mirror's name replaced by the mirror's scan and each ordinary
 * table's name by the relation the driver fills from PostgreSQL; everything else is kept as written
 * (DuckDB reads PostgreSQL's syntax). Statements that mention no mirror's name as an identifier are
 * recognised in one cheap pass, before any parsing. Thread-safe.
 */
public final class QueryPlanner {

  private static final SqlParser.Config BABEL =
      SqlParser.config()
          .withParserFactory(SqlBabelParserImpl.FACTORY)
          .withConformance(SqlConformanceEnum.BABEL)
          .withUnquotedCasing(Casing.TO_LOWER)
          .withQuotedCasing(Casing.UNCHANGED)
          .withCaseSensitive(true)
          .withQuoting(Quoting.DOUBLE_QUOTE);

  private static final Set<String> DML = Set.of("insert", "update", "delete", "merge");
  private static final Set<String> TEXT_COMPARISONS =
      Set.of("order", "<", ">", "<=", ">=", "between", "min", "max", "greatest", "least");

  private final MirrorCatalog catalog;
  private final DuckDbCompatibility compatibility = DuckDbCompatibility.DEFAULT;
  private final boolean checkDuckDb;

  /** A planner for DuckDB: what DuckDB would evaluate differently is refused. */
  public QueryPlanner(MirrorCatalog catalog) {
    this(catalog, true);
  }

  private QueryPlanner(MirrorCatalog catalog, boolean checkDuckDb) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.checkDuckDb = checkDuckDb;
  }

  /**
   * A planner that only replaces mirror references (e.g. by their PostgreSQL source tables, for the
   * fallback): the functions, operators and types are not checked against DuckDB.
   */
  public static QueryPlanner renaming(MirrorCatalog catalog) {
    return new QueryPlanner(catalog, false);
  }

  /**
   * Plans {@code sql} (PostgreSQL syntax, JDBC {@code ?} placeholders) for a session on {@code
   * searchPath}.
   */
  public QueryPlan plan(String sql, SearchPath searchPath) {
    if (!catalog.mayMention(sql)) {
      return QueryPlan.NotAMirrorQuery.INSTANCE;
    }
    String text = sql;
    try {
      text = DuckDbKeywords.quoted(sql);
      return analyse(text, searchPath);
    } catch (Untranslatable e) {
      return new QueryPlan.CannotTranslate(e.getMessage() + at(text, e.offset));
    }
  }

  private QueryPlan analyse(String sql, SearchPath searchPath) {
    List<Token> tokens = PgLexer.lex(sql);
    List<int[]> statements = statements(tokens);
    if (statements.size() > 1) {
      for (int[] range : statements) {
        QueryPlan plan = analyse(sql, tokens, range[0], range[1], searchPath);
        if (plan.route() == Route.MIRROR_WRITE) {
          return plan;
        }
        if (plan.route() != Route.NOT_A_MIRROR_QUERY) {
          throw new Untranslatable(
              "several statements in one text, one of them reading a mirror",
              tokens.get(range[0]).start());
        }
      }
      return QueryPlan.NotAMirrorQuery.INSTANCE;
    }
    return statements.isEmpty()
        ? QueryPlan.NotAMirrorQuery.INSTANCE
        : analyse(sql, tokens, statements.get(0)[0], statements.get(0)[1], searchPath);
  }

  private QueryPlan analyse(
      String sql, List<Token> tokens, int from, int to, SearchPath searchPath) {
    StatementShape shape = StatementShape.of(tokens, from, to);
    for (StatementShape.Target target : shape.targets()) {
      Optional<TableName> mirror = catalog.resolveMirror(target.parts(), searchPath);
      if (mirror.isPresent()) {
        return new QueryPlan.MirrorWrite(mirror.get(), shape.description());
      }
    }
    References refs = references(sql, tokens, from, to, shape, searchPath);
    TableRef firstMirror = null;
    for (TableRef ref : refs.tables) {
      if (ref.kind == TableRef.Kind.MIRROR) {
        firstMirror = ref;
        break;
      }
    }
    if (firstMirror == null) {
      return QueryPlan.NotAMirrorQuery.INSTANCE;
    }
    int mirrorAt = tokens.get(firstMirror.firstToken).start();
    if (!shape.isQuery()) {
      String what = shape.description().isEmpty() ? "this statement" : shape.description();
      throw new Untranslatable(
          what + " reads mirror " + firstMirror.mirror + "; only queries run on DuckDB", mirrorAt);
    }
    checkQueryOnly(tokens, from, to);
    if (!checkDuckDb) {
      return splice(sql, tokens, from, to, refs, List.of(), List.of(), List.of(), List.of());
    }
    List<TextEdit> edits = new ArrayList<>();
    List<ExactAverages.Found> averages = ExactAverages.find(tokens, from, to);
    List<ExactAverages.Found> quotients = ExactQuotients.find(tokens, from, to);
    SubqueryAverages.Found compared = SubqueryAverages.find(sql, tokens, from, to);
    List<References.FunctionUse> functions = new ArrayList<>(refs.functions);
    functions.removeIf(
        f ->
            averages.stream().anyMatch(a -> a.first() == f.token())
                || compared.averageTokens().contains(f.token()));
    Set<String> warnings =
        new LinkedHashSet<>(compatibility.check(sql, tokens, from, to, functions, edits));
    edits.addAll(compared.edits());
    edits.addAll(RoundScales.edits(tokens, functions));
    edits.sort(Comparator.comparingInt(TextEdit::firstToken));
    for (int k = 1; k < edits.size(); k++) {
      if (edits.get(k).firstToken() <= edits.get(k - 1).lastToken()) {
        throw new Untranslatable(
            "two rewrites for DuckDB overlap", tokens.get(edits.get(k).firstToken()).start());
      }
    }
    if (!catalog.binaryCollation()) {
      int at = comparesValues(tokens, from, to);
      if (at >= 0) {
        throw new Untranslatable(
            "the query may compare or sort text, which DuckDB does by code point and PostgreSQL"
                + " by the database's collation ("
                + catalog.collation()
                + ")",
            tokens.get(at).start());
      }
    }
    return splice(sql, tokens, from, to, refs, List.copyOf(warnings), edits, averages, quotients);
  }

  private References references(
      String sql,
      List<Token> tokens,
      int from,
      int to,
      StatementShape shape,
      SearchPath searchPath) {
    String parseError;
    boolean queryOrDml =
        shape.isQuery() || shape.verb().equals("with") || DML.contains(shape.verb());
    if (queryOrDml) {
      BabelText text = BabelText.of(tokens, from, to);
      try {
        SqlNode node = SqlParser.create(text.text, BABEL).parseStmt();
        return AstReferences.of(node, text, tokens, catalog, searchPath);
      } catch (SqlParseException e) {
        int column = e.getPos() == null ? 1 : e.getPos().getColumnNum();
        Token near = tokens.get(text.tokenAt(column));
        parseError =
            "Calcite could not parse the statement near \""
                + near.text(sql)
                + "\""
                + at(sql, near.start());
      } catch (RuntimeException | LinkageError e) {
        if (e instanceof Untranslatable u) {
          throw u;
        }
        parseError = "Calcite could not parse the statement (" + e + ")";
      }
    } else {
      parseError = null;
    }
    try {
      return TokenReferences.of(
          tokens, from, to, catalog, searchPath, catalog.names(), !queryOrDml);
    } catch (Untranslatable e) {
      if (parseError == null) {
        throw e;
      }
      throw new Untranslatable(parseError + "; and token by token, " + e.getMessage(), e.offset);
    }
  }

  /** Refuses what only PostgreSQL can do with a query: lock rows, create tables, use $n. */
  private static void checkQueryOnly(List<Token> tokens, int from, int to) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      Token next = i + 1 < to ? tokens.get(i + 1) : null;
      if (t.isPunct("(")) {
        depth++;
      } else if (t.isPunct(")")) {
        depth--;
      } else if (t.isWord("for")
          && next != null
          && (next.isWord("update")
              || next.isWord("share")
              || next.isWord("no")
              || next.isWord("key"))) {
        throw new Untranslatable(
            "SELECT ... FOR "
                + next.value().toUpperCase(java.util.Locale.ROOT)
                + " locks rows, and mirrors are read-only",
            t.start());
      } else if (t.isWord("into") && depth == 0) {
        throw new Untranslatable("SELECT ... INTO creates a PostgreSQL table", t.start());
      } else if (t.kind() == Token.Kind.POSITIONAL_PARAM) {
        throw new Untranslatable("positional parameter " + t.value() + " (JDBC uses ?)", t.start());
      } else if (t.kind() == Token.Kind.UNICODE_IDENT) {
        throw new Untranslatable("Unicode-escaped identifier U&\"...\"", t.start());
      }
    }
  }

  /** The first token that may compare values (and so text), or -1. */
  private static int comparesValues(List<Token> tokens, int from, int to) {
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      if ((t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.OPERATOR)
          && TEXT_COMPARISONS.contains(t.value())) {
        return i;
      }
    }
    return -1;
  }

  private QueryPlan splice(
      String sql,
      List<Token> tokens,
      int from,
      int to,
      References refs,
      List<String> warnings,
      List<TextEdit> edits,
      List<ExactAverages.Found> averages,
      List<ExactAverages.Found> quotients) {
    List<Object> changes = new ArrayList<>(refs.tables);
    changes.addAll(edits);
    int[] starts = new int[averages.size()];
    int[] ends = new int[averages.size()];
    for (int k = 0; k < averages.size(); k++) {
      changes.add(new Mark(averages.get(k).first(), false, starts, k));
      changes.add(new Mark(averages.get(k).last(), true, ends, k));
    }
    int[] dividends = new int[quotients.size()];
    int[] slashes = new int[quotients.size()];
    int[] divisors = new int[quotients.size()];
    int[] quotientEnds = new int[quotients.size()];
    for (int k = 0; k < quotients.size(); k++) {
      ExactAverages.Found q = quotients.get(k);
      changes.add(new Mark(q.first(), false, dividends, k));
      changes.add(new Mark(q.middle(), false, slashes, k));
      changes.add(new Mark(q.middle(), true, divisors, k));
      changes.add(new Mark(q.last(), true, quotientEnds, k));
    }
    // In token order; at one token, a mark before its text comes first, one after it last.
    changes.sort(
        Comparator.comparingInt(
                (Object c) ->
                    c instanceof TableRef r
                        ? r.firstToken
                        : c instanceof Mark m ? m.token() : ((TextEdit) c).firstToken())
            .thenComparingInt(c -> c instanceof Mark m ? (m.end() ? 1 : -1) : 0));
    StringBuilder out = new StringBuilder();
    int copied = tokens.get(from).start();
    Set<TableName> mirrors = new LinkedHashSet<>();
    Map<List<String>, TableRef> postgres = new LinkedHashMap<>();
    for (Object change : changes) {
      if (change instanceof Mark m) {
        Token t = tokens.get(m.token());
        // After a rewrite that ended at this token, the mark follows its replacement.
        int upTo = Math.max(copied, m.end() ? t.end() : t.start());
        out.append(sql, copied, upTo);
        copied = upTo;
        m.into()[m.index()] = out.length();
        continue;
      }
      if (change instanceof TextEdit edit) {
        out.append(sql, copied, tokens.get(edit.firstToken()).start()).append(edit.replacement());
        // the replacement ends with "(": the argument follows it without the space after FROM
        copied =
            edit.lastToken() + 1 < to
                ? tokens.get(edit.lastToken() + 1).start()
                : tokens.get(edit.lastToken()).end();
        continue;
      }
      TableRef ref = (TableRef) change;
      String replacement;
      if (ref.kind == TableRef.Kind.MIRROR) {
        mirrors.add(ref.mirror);
        replacement = catalog.scan(ref.mirror).orElseThrow().duckDbRelation();
      } else if (ref.kind == TableRef.Kind.POSTGRES && checkDuckDb) {
        // For DuckDB, an ordinary table becomes the rows the driver fetches; renaming mirrors to
        // their sources leaves it as it is.
        replacement = postgresRelation(ref.parts);
        TableRef merged =
            postgres.computeIfAbsent(
                ref.parts, p -> new TableRef(0, 0, p, false, TableRef.Kind.POSTGRES, null));
        merged.columns.addAll(ref.columns);
        merged.allColumns |= ref.allColumns;
      } else {
        continue;
      }
      if (!ref.aliased) {
        replacement += " AS " + TableName.quote(ref.exposedName());
      }
      int first = ref.firstToken;
      if (first > from && tokens.get(first - 1).isWord("only")) {
        first--; // DuckDB has no ONLY; a mirror has no inheritance children
      }
      if (first > from && tokens.get(first - 1).isWord("table")) {
        first--; // TABLE t is SELECT * FROM t, and only the latter takes a relation with an alias
        replacement = "SELECT * FROM " + replacement;
      }
      out.append(sql, copied, tokens.get(first).start()).append(replacement);
      copied = tokens.get(ref.lastToken).end();
    }
    out.append(sql, copied, tokens.get(to - 1).end());
    List<Integer> parameterOrder = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (tokens.get(i).kind() == Token.Kind.PARAM) {
        parameterOrder.add(parameterOrder.size() + 1);
      }
    }
    List<PostgresTable> tables = new ArrayList<>();
    for (TableRef table : postgres.values()) {
      // A table named once: the WHERE conditions on its own columns go into its fetch.
      List<TableRef> named =
          refs.tables.stream()
              .filter(r -> r.kind == TableRef.Kind.POSTGRES && r.parts.equals(table.parts))
              .toList();
      String filter =
          named.size() == 1 ? PushedFilters.of(sql, tokens, from, to, named.get(0)) : null;
      tables.add(
          new PostgresTable(
              table.parts,
              postgresRelation(table.parts),
              table.allColumns ? Optional.empty() : Optional.of(new TreeSet<>(table.columns)),
              named.get(0).qualifier(tokens),
              Optional.ofNullable(filter)));
    }
    String duckDbSql = out.toString();
    List<QueryPlan.ExactAverage> exact = new ArrayList<>();
    for (int k = 0; k < averages.size(); k++) {
      exact.add(
          new QueryPlan.ExactAverage(
              averages.get(k).column(),
              starts[k],
              ends[k],
              duckDbSql.indexOf('(', starts[k]) + 1,
              ends[k] - 1));
    }
    List<QueryPlan.ExactQuotient> exactQuotients = new ArrayList<>();
    for (int k = 0; k < quotients.size(); k++) {
      exactQuotients.add(
          new QueryPlan.ExactQuotient(
              quotients.get(k).column(), dividends[k], slashes[k], divisors[k], quotientEnds[k]));
    }
    return new QueryPlan.MirrorQuery(
        duckDbSql, parameterOrder, mirrors, tables, warnings, exact, exactQuotients);
  }

  /**
   * A place in the DuckDB query to remember, in {@code into[index]}: where the text of token {@code
   * token} starts, or with {@code end} where it ends (an average's name and ")", a quotient's first
   * token, "/" and last token).
   */
  private record Mark(int token, boolean end, int[] into, int index) {}

  /** The DuckDB name under which the driver registers an ordinary table's rows. */
  static String postgresRelation(List<String> parts) {
    return TableName.quote("pg:" + String.join(".", parts));
  }

  /** Token ranges {@code [from, to)} of the statements, split at top-level semicolons. */
  private static List<int[]> statements(List<Token> tokens) {
    List<int[]> ranges = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= tokens.size(); i++) {
      if (i == tokens.size() || tokens.get(i).isPunct(";")) {
        if (i > start) {
          ranges.add(new int[] {start, i});
        }
        start = i + 1;
      }
    }
    return ranges;
  }

  /** " at line L, column C" for an offset of the original text. */
  static String at(String sql, int offset) {
    if (offset < 0 || offset > sql.length()) {
      return "";
    }
    int line = 1;
    int lineStart = 0;
    for (int k = 0; k < offset; k++) {
      if (sql.charAt(k) == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return " at line " + line + ", column " + (offset - lineStart + 1);
  }
}
