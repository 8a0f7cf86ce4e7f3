package io.mooncake.calcite;

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
      List<ExactAverage> averages)
      implements QueryPlan {
    public MirrorQuery {
      Objects.requireNonNull(duckDbSql, "duckDbSql");
      parameterOrder = List.copyOf(parameterOrder);
      mirrors = Set.copyOf(mirrors);
      postgresTables = List.copyOf(postgresTables);
      warnings = List.copyOf(warnings);
      averages = List.copyOf(averages);
    }

    /**
     * The DuckDB query, with the averages of the output columns for which {@code numeric} holds
     * (PostgreSQL describes them as {@code numeric}: the average of integers or numerics) given as
     * the text {@code sum/count} of their exact sum and count, which the driver divides as
     * PostgreSQL does; the others stay DuckDB's {@code avg} (double precision, as PostgreSQL's
     * average of floats).
     */
    public String duckDbSql(IntPredicate numeric) {
      StringBuilder out = new StringBuilder();
      int copied = 0;
      for (ExactAverage a : averages) {
        if (!numeric.test(a.column())) {
          continue;
        }
        String args = duckDbSql.substring(a.argsStart(), a.argsEnd());
        out.append(duckDbSql, copied, a.start())
            .append("(sum(")
            .append(args)
            .append(")::VARCHAR || '/' || count(")
            .append(args)
            .append("))");
        copied = a.end();
      }
      return out.append(duckDbSql, copied, duckDbSql.length()).toString();
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
}
