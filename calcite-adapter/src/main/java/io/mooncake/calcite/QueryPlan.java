package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * What {@link QueryPlanner} decided for one statement. Exactly one of four immutable forms, told
 * apart by {@link #route()}.
 */
public sealed interface QueryPlan
    permits QueryPlan.NotAMirrorQuery,
        QueryPlan.MirrorQuery,
        QueryPlan.MirrorWrite,
        QueryPlan.CannotTranslate {

  Route route();

  /** The statement does not touch a mirror; send it to PostgreSQL as it is. */
  record NotAMirrorQuery() implements QueryPlan {
    static final NotAMirrorQuery INSTANCE = new NotAMirrorQuery();

    @Override
    public Route route() {
      return Route.NOT_A_MIRROR_QUERY;
    }
  }

  /**
   * Run {@code duckDbSql} on DuckDB (with {@link DuckDbSession#SETTINGS} applied). DuckDB's
   * placeholder {@code i} (0-based) takes the user's parameter {@code parameterOrder.get(i)}
   * (1-based). Each of {@code postgresTables} must first be made available to DuckDB under its
   * {@link PostgresTable#duckDbRelation()}. {@code warnings} name differences the driver may log.
   * {@code averages} are the output columns that are an {@code avg()} call: run the query as {@link
   * #duckDbSql(IntPredicate)} gives it.
   */
  record MirrorQuery(
      String duckDbSql,
      List<Integer> parameterOrder,
      Set<TableName> mirrors,
      List<PostgresTable> postgresTables,
      List<String> warnings,
      List<ExactAverage> averages,
      List<ExactQuotient> quotients)
      implements QueryPlan {
    public MirrorQuery {
      Objects.requireNonNull(duckDbSql, "duckDbSql");
      parameterOrder = List.copyOf(parameterOrder);
      mirrors = Set.copyOf(mirrors);
      postgresTables = List.copyOf(postgresTables);
      warnings = List.copyOf(warnings);
      averages = List.copyOf(averages);
      quotients = List.copyOf(quotients);
    }

    /**
     * The DuckDB query, with the averages and quotients of the output columns for which {@code
     * numeric} holds (PostgreSQL describes them as {@code numeric}) given as the text {@code a/b}
     * of their exact dividend and divisor (an average's sum and count), which the driver divides as
     * PostgreSQL does; the others stay DuckDB's (double precision, as PostgreSQL's of floats). A
     * quotient's operands must be exact in DuckDB (decimals or integers), else DuckDB fails the
     * query with an error naming the column.
     */
    public String duckDbSql(IntPredicate numeric) {
      List<int[]> spans = new ArrayList<>(); // {start, end, kind, index}
      for (int k = 0; k < averages.size(); k++) {
        if (numeric.test(averages.get(k).column())) {
          spans.add(new int[] {averages.get(k).start(), averages.get(k).end(), 0, k});
        }
      }
      for (int k = 0; k < quotients.size(); k++) {
        if (numeric.test(quotients.get(k).column())) {
          spans.add(new int[] {quotients.get(k).start(), quotients.get(k).end(), 1, k});
        }
      }
      spans.sort(java.util.Comparator.comparingInt(span -> span[0]));
      StringBuilder out = new StringBuilder();
      int copied = 0;
      for (int[] span : spans) {
        out.append(duckDbSql, copied, span[0]);
        if (span[2] == 0) {
          ExactAverage a = averages.get(span[3]);
          String args = duckDbSql.substring(a.argsStart(), a.argsEnd());
          out.append("(sum(")
              .append(args)
              .append(")::VARCHAR || '/' || count(")
              .append(args)
              .append("))");
        } else {
          ExactQuotient q = quotients.get(span[3]);
          String dividend = duckDbSql.substring(q.start(), q.slashStart()).strip();
          String divisor = duckDbSql.substring(q.slashEnd(), q.end()).strip();
          // if(), not CASE: the driver reads CASE in a query as a sign of unified numeric scales.
          out.append("if(")
              .append(exact(dividend))
              .append(" AND ")
              .append(exact(divisor))
              .append(", CAST((")
              .append(dividend)
              .append(") AS VARCHAR) || '/' || CAST((")
              .append(divisor)
              .append(") AS VARCHAR), error('column ")
              .append(q.column() + 1)
              .append(": DuckDB has no exact operands to divide'))");
        }
        copied = span[1];
      }
      return out.append(duckDbSql, copied, duckDbSql.length()).toString();
    }

    /** Whether DuckDB's value of {@code expression} is exact: a decimal or an integer. */
    private static String exact(String expression) {
      return "(typeof(("
          + expression
          + ")) LIKE 'DECIMAL%' OR typeof(("
          + expression
          + ")) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT'))";
    }

    @Override
    public Route route() {
      return Route.MIRROR_QUERY;
    }
  }

  /**
   * The statement ({@code statement} is its kind, e.g. {@code UPDATE}) writes to, locks or alters
   * {@code mirror}: refuse it with SQLSTATE 0A000, "mirrors are read-only".
   */
  record MirrorWrite(TableName mirror, String statement) implements QueryPlan {
    public MirrorWrite {
      Objects.requireNonNull(mirror, "mirror");
      Objects.requireNonNull(statement, "statement");
    }

    @Override
    public Route route() {
      return Route.MIRROR_WRITE;
    }

    /** A message for the user. */
    public String message() {
      return statement + " on " + mirror + ": mirrors are read-only";
    }
  }

  /**
   * The statement reads a mirror but cannot run on DuckDB: {@code reason} says which construct and
   * where (line and column in the original text). The driver may run it on PostgreSQL instead.
   */
  record CannotTranslate(String reason) implements QueryPlan {
    public CannotTranslate {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Route route() {
      return Route.CANNOT_TRANSLATE;
    }
  }

  /**
   * An output column (0-based {@code column}) that is a call of {@code avg}: its text in {@link
   * MirrorQuery#duckDbSql()} is {@code [start, end)}, its arguments {@code [argsStart, argsEnd)}.
   */
  record ExactAverage(int column, int start, int end, int argsStart, int argsEnd) {}

  /**
   * An output column (0-based {@code column}) that is a quotient {@code a / b}: its text in {@link
   * MirrorQuery#duckDbSql()} is {@code [start, end)}, its "/" {@code [slashStart, slashEnd)}.
   */
  record ExactQuotient(int column, int start, int slashStart, int slashEnd, int end) {}
}
