package io.mooncake.driver;

import io.mooncake.calcite.PostgresTable;
import io.mooncake.calcite.QueryPlan;
import io.mooncake.calcite.TableName;
import io.mooncake.engine.Engine;
import io.mooncake.engine.MirrorName;
import io.mooncake.engine.MirrorReads;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.BaseStatement;
import org.postgresql.core.ServerVersion;
import org.postgresql.core.TransactionState;

/**
 * The route of one query that may name mirrors: DuckDB over the mirrors' state when the query
 * translates exactly, else PostgreSQL against the mirrors' sources (correct, slower) with a warning
 * saying why. Writes to mirrors fail with 0A000.
 */
final class MirrorExecution {

  private MirrorExecution() {}

  /** The outcome: rows from DuckDB, or the SQL to run on PostgreSQL instead. */
  record Outcome(ResultSet rows, String postgresSql) {}

  /**
   * Where a mirror query runs: on DuckDB ({@code why} null), else on PostgreSQL because of {@code
   * why}. {@code postgresSql} is the query on the sources, null when it has none.
   */
  private record Choice(
      QueryPlan.MirrorQuery duckDb, String postgresSql, String why, Set<Long> sourceOids) {

    /**
     * Whether the mirrors' columns are worth checking first: on the DuckDB route, or when the plan
     * itself refused the query (a column added with no row change since is not known yet).
     */
    boolean checksColumns(boolean planned) {
      return !sourceOids.isEmpty() && (why == null || planned);
    }

    /** The same query, on PostgreSQL because of {@code reason}. */
    Choice onPostgres(String reason) {
      return new Choice(null, postgresSql, reason, sourceOids);
    }
  }

  private static Choice choose(MooncakeConnection conn, MirrorReads engine, String sql)
      throws SQLException {
    MirrorRouter.Decision d = conn.router().decide(engine, sql);
    if (d.duckDb() == null) {
      return null;
    }
    if (d.duckDb() instanceof QueryPlan.MirrorWrite) {
      throw SqlState.FEATURE_NOT_SUPPORTED.exception(
          ((QueryPlan.MirrorWrite) d.duckDb()).message());
    }
    String pgSql =
        d.postgres() instanceof QueryPlan.MirrorQuery
            ? ((QueryPlan.MirrorQuery) d.postgres()).duckDbSql()
            : null;
    String why = null;
    if (transactionSeesOtherRows(conn)) {
      why =
          "it runs inside a transaction that wrote, or reads a snapshot of its own, which only"
              + " PostgreSQL sees";
    } else if (d.duckDb() instanceof QueryPlan.CannotTranslate) {
      why = ((QueryPlan.CannotTranslate) d.duckDb()).reason();
    }
    Set<Long> oids = new HashSet<>();
    if (engine != null && d.postgres() instanceof QueryPlan.MirrorQuery) {
      Map<MirrorName, Engine.MirrorInfo> known = engine.mirrors();
      for (TableName t : ((QueryPlan.MirrorQuery) d.postgres()).mirrors()) {
        Engine.MirrorInfo m = known.get(new MirrorName(t.schema(), t.name()));
        if (m != null) {
          oids.add(m.sourceOid());
        }
      }
    }
    return new Choice(why == null ? (QueryPlan.MirrorQuery) d.duckDb() : null, pgSql, why, oids);
  }

  /**
   * Fails (0A000, so that the query runs on PostgreSQL) where DuckDB would answer otherwise because
   * of how {@code sql} uses the columns of the ordinary tables it joined, now that their types are
   * known ({@code joined}), or because a parameter ends in a blank where char(n) values are read.
   */
  private static void checkColumnUse(
      MooncakeConnection conn,
      String sql,
      QueryPlan.MirrorQuery q,
      PostgresTableFetch joined,
      List<Object> parameters)
      throws SQLException {
    boolean blankEnded = TextStoredColumns.blankEnded(parameters);
    if (joined.columns().isEmpty() && !blankEnded) {
      return; // the plan checked the mirrors' columns already
    }
    List<TextStoredColumns.Column> read = new ArrayList<>(conn.router().columns(q.mirrors()));
    read.addAll(joined.columns());
    if (!joined.columns().isEmpty()) {
      String why = TextStoredColumns.reason(sql, read);
      if (why != null) {
        throw SqlState.FEATURE_NOT_SUPPORTED.exception(why);
      }
    }
    if (blankEnded && read.stream().anyMatch(c -> TextStoredColumns.padded(c.type()))) {
      throw SqlState.FEATURE_NOT_SUPPORTED.exception(
          "a parameter ends in a blank, which PostgreSQL ignores when it compares it with char(n)");
    }
  }

  private static boolean inTransaction(MooncakeConnection conn) throws SQLException {
    return conn.delegate.unwrap(BaseConnection.class).getTransactionState()
        != TransactionState.IDLE;
  }

  /**
   * Whether PostgreSQL could answer the session's next query otherwise than the mirrors: its open
   * transaction has written (it has a transaction id, whatever wrote: a statement, a function, a
   * row lock), reads a snapshot older than the last commit (REPEATABLE READ or SERIALIZABLE), or
   * failed. A transaction that only read, in READ COMMITTED, sees what the mirrors show once they
   * hold every commit before the query.
   */
  private static boolean transactionSeesOtherRows(MooncakeConnection conn) throws SQLException {
    BaseConnection pg = conn.delegate.unwrap(BaseConnection.class);
    TransactionState state = pg.getTransactionState();
    if (state == TransactionState.IDLE) {
      return false;
    }
    if (state != TransactionState.OPEN || !pg.haveMinimumServerVersion(ServerVersion.v13)) {
      return true;
    }
    try (java.sql.Statement s = conn.delegate.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery(
                "SELECT pg_catalog.pg_current_xact_id_if_assigned() IS NOT NULL"
                    + " OR pg_catalog.current_setting('transaction_isolation') <> 'read committed'")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * Routes {@code sql} (a query, or an EXPLAIN of one); returns null when it names no mirror (run
   * it on PostgreSQL as it is). {@code warn} receives the reason when the query falls back to
   * PostgreSQL.
   */
  static Outcome route(
      MooncakeConnection conn,
      String sql,
      List<Object> parameters,
      BaseStatement owner,
      RunningDuckQuery running,
      int maxRows,
      Consumer<SQLWarning> warn)
      throws SQLException {
    MirrorReads engine = conn.engine();
    ExplainStatement explain = ExplainStatement.parse(sql);
    String statement = explain == null ? sql : explain.statement();
    Choice choice = choose(conn, engine, statement);
    if (choice == null) {
      return null;
    }
    boolean planned = choice.why() != null && choice.duckDb() == null && !inTransaction(conn);
    long waited = 0;
    String sourceColumns = null;
    long statementTimeout = 0;
    if (choice.checksColumns(planned) && (explain == null || explain.analyze())) {
      long waitStart = System.nanoTime();
      try {
        MirrorQueries.Fresh fresh = MirrorQueries.awaitFresh(conn, engine, choice.sourceOids());
        statementTimeout = fresh.statementTimeoutMillis();
        if (fresh.changed()) {
          choice = choose(conn, engine, statement);
          if (choice == null) {
            return null; // its mirrors are gone: PostgreSQL answers the statement as it is
          }
        } else {
          sourceColumns = fresh.sourceColumns();
        }
        if (fresh.restricted() && choice.why() == null) {
          choice =
              choice.onPostgres(
                  "the session may not read every row and column of a mirror's source (its"
                      + " privileges, or row security), which PostgreSQL checks");
        }
      } catch (SQLException e) {
        if ("57014".equals(e.getSQLState()) && choice.why() == null) {
          throw e;
        }
        if (choice.why() == null) {
          choice = choice.onPostgres("DuckDB could not run it (" + e.getMessage() + ")");
        }
      }
      waited = System.nanoTime() - waitStart;
    }
    String pgSql = choice.postgresSql();
    String why = choice.why();
    if (why == null && explain != null && !explain.format().equals("TEXT")) {
      why = "EXPLAIN of a query on DuckDB is given in FORMAT TEXT only";
    }
    if (why == null && choice.duckDb().parameterOrder().size() != parameters.size()) {
      // In a plain Statement, "?" is an operator (jsonb's), not a parameter.
      why = "it uses the ? operator outside a PreparedStatement";
    }
    if (why == null) {
      QueryPlan.MirrorQuery q = choice.duckDb();
      List<Object> ordered = new ArrayList<>();
      for (int p : q.parameterOrder()) {
        ordered.add(parameters.get(p - 1));
      }
      try (PostgresTableFetch joined = new PostgresTableFetch(conn, conn.duckReader())) {
        for (PostgresTable table : q.postgresTables()) {
          joined.load(table);
        }
        checkColumnUse(conn, statement, q, joined, ordered);
        if (explain != null) {
          return new Outcome(
              MirrorExplain.rows(conn, explain, q, pgSql, ordered, owner, waited), null);
        }
        org.postgresql.core.Field[] fields =
            sourceColumns != null && q.postgresTables().isEmpty()
                ? MirrorQueries.describe(conn, pgSql, sourceColumns)
                : MirrorQueries.describe(conn, pgSql);
        // DuckDB's answer is complete (materialized) once run returns: the fetched tables can go.
        return new Outcome(
            MirrorQueries.run(
                conn.duckStatements(),
                MirrorQueries.duckDbSql(q, fields),
                ordered,
                fields,
                owner,
                running,
                statementTimeout,
                conn.sessionZone(),
                maxRows),
            null);
      } catch (SQLException e) {
        if ("57014".equals(e.getSQLState()) || pgSql == null) {
          throw e;
        }
        why = "DuckDB could not run it (" + e.getMessage() + ")";
      }
    }
    if (pgSql == null) {
      throw SqlState.FEATURE_NOT_SUPPORTED.exception(
          "this query on a mirror can run neither on DuckDB nor on PostgreSQL: " + why);
    }
    // A plain EXPLAIN runs nothing: it may always show the PostgreSQL route.
    boolean runsNothing = explain != null && !explain.analyze();
    if (!conn.config().fallbackToPostgres() && !runsNothing) {
      throw SqlState.FEATURE_NOT_SUPPORTED.exception(
          "mooncake cannot run this query on DuckDB (fallback=error): " + why);
    }
    warn.accept(
        new SQLWarning(
            "mooncake ran this query on PostgreSQL, against the mirrors' sources: " + why,
            "01000"));
    return new Outcome(null, explain == null ? pgSql : explain.prefix() + pgSql);
  }
}
