package io.mooncake.driver;

import io.mooncake.calcite.SearchPath;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * The {@code search_path} of a connection's PostgreSQL session, where unqualified mirror names are
 * looked up as PostgreSQL looks tables up. PostgreSQL 18 reports every change of it to the client
 * (a ParameterStatus message, which PgJDBC keeps); with an older server it is read with {@code SHOW
 * search_path} at the first mirror query and again after a statement that may change it ({@code
 * search_path}, {@code RESET}, {@code DISCARD} or {@code ROLLBACK} in its text, {@code
 * Connection.setSchema} or {@code rollback}). A change made where the driver cannot see it (inside
 * a function) is followed on PostgreSQL 18 only.
 */
final class SessionSearchPath {

  private final MooncakeConnection conn;
  private String text;
  private SearchPath path = SearchPath.DEFAULT;
  private boolean stale = true;

  /**
   * Whether the server reports the search path (PostgreSQL 18; it does from the start), once known.
   */
  private Boolean reportedByServer;

  /** Words of a statement that may change the search path. */
  private static final String[] CHANGING = {"search_path", "reset", "discard", "rollback"};

  private boolean changedBefore;

  SessionSearchPath(MooncakeConnection conn) {
    this.conn = conn;
  }

  /** The session's search path now. */
  synchronized SearchPath current() throws SQLException {
    BaseConnection pg = conn.delegate.unwrap(BaseConnection.class);
    String reported = pg.getParameterStatus("search_path");
    // Not in an aborted transaction, where SHOW would fail.
    if (reported == null && stale && pg.getTransactionState() != TransactionState.FAILED) {
      reported =
          conn.outsideTransaction(
              () -> {
                try (Statement s = conn.delegate.createStatement();
                    ResultSet rs = s.executeQuery("SHOW search_path")) {
                  rs.next();
                  return rs.getString(1);
                }
              });
      stale = false;
    }
    if (reported != null && !reported.equals(text)) {
      path = SearchPath.parse(reported, conn.delegate.getMetaData().getUserName());
      text = reported;
    }
    return path;
  }

  /** The search path may have changed: read again before the next mirror query. */
  synchronized void changed() {
    stale = true;
  }

  /**
   * Notes a statement about to run: after one that may change the search path, the path is read
   * again (at the next statement: this one has not run yet).
   */
  synchronized void saw(String sql) throws SQLException {
    if (reportedByServer == null) {
      reportedByServer =
          conn.delegate.unwrap(BaseConnection.class).getParameterStatus("search_path") != null;
    }
    if (reportedByServer) {
      return;
    }
    if (changedBefore) {
      stale = true;
    }
    changedBefore = false;
    for (String word : CHANGING) {
      changedBefore |= mentions(sql, word);
    }
  }

  /** Whether {@code sql} contains {@code word}, in any case (every statement: no copy of it). */
  private static boolean mentions(String sql, String word) {
    for (int i = 0; i + word.length() <= sql.length(); i++) {
      if (sql.regionMatches(true, i, word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }
}
