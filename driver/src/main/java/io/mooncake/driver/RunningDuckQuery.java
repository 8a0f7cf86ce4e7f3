package io.mooncake.driver;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The DuckDB statement a mooncake statement is running, so that {@code Statement.cancel()} (from
 * another thread, as a DB tool's stop button calls it) and {@code setQueryTimeout} reach a mirror
 * query on DuckDB as they reach PostgreSQL: DuckDB is interrupted and the query fails with {@code
 * 57014}, PostgreSQL's SQLSTATE for a cancelled statement. Thread-safe.
 */
final class RunningDuckQuery {

  /** One daemon thread for every statement's timeout in the JVM. */
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mooncake-query-timeout");
            t.setDaemon(true);
            return t;
          });

  private Statement running;
  private ScheduledFuture<?> timeout;
  private String cancelledBecause;

  /**
   * {@code statement} runs now, for at most {@code timeoutSeconds} (JDBC's query timeout) and
   * {@code statementTimeoutMillis} (PostgreSQL's {@code statement_timeout}); 0: no limit.
   */
  synchronized void start(Statement statement, int timeoutSeconds, long statementTimeoutMillis) {
    running = statement;
    cancelledBecause = null;
    long millis = timeoutSeconds > 0 ? timeoutSeconds * 1000L : 0;
    if (statementTimeoutMillis > 0 && (millis == 0 || statementTimeoutMillis < millis)) {
      millis = statementTimeoutMillis;
    }
    if (millis > 0) {
      timeout =
          TIMER.schedule(
              () -> cancel("canceling statement due to statement timeout"),
              millis,
              TimeUnit.MILLISECONDS);
    }
  }

  /**
   * The statement ended (or failed); {@code failure} is its failure, if any, as the caller sees it.
   */
  synchronized SQLException finish(SQLException failure) {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
    running = null;
    String why = cancelledBecause;
    cancelledBecause = null;
    if (failure != null && why != null) {
      return new SQLException(why, "57014", failure);
    }
    return failure;
  }

  /** Cancels the running DuckDB statement, if any (a user's cancel). */
  void cancel() {
    cancel("canceling statement due to user request");
  }

  private synchronized void cancel(String why) {
    if (running == null) {
      return;
    }
    cancelledBecause = why;
    try {
      running.cancel();
    } catch (SQLException e) {
      // Nothing runs any more: nothing to cancel.
    }
  }
}
