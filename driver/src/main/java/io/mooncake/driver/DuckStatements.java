package io.mooncake.driver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The DuckDB statements of one reader connection, kept prepared for the next run of the same SQL:
 * preparing costs DuckDB about as much as running a selective query. DuckDB binds a kept statement
 * again by itself when the catalog changed since (the engine replaced a mirror's view), so a kept
 * statement reads what a new one would. A statement is lent to one result at a time.
 *
 * <p>Thread-safe.
 */
final class DuckStatements implements AutoCloseable {

  /** Statements kept at most; the least recently used one is closed first. */
  private static final int KEPT = 32;

  /** A statement lent to one result, given back (or closed) once, by {@link #release}. */
  final class Lease {
    private final String sql;
    private final PreparedStatement statement;
    private final boolean kept;
    private boolean released;

    private Lease(String sql, PreparedStatement statement, boolean kept) {
      this.sql = sql;
      this.statement = statement;
      this.kept = kept;
    }

    PreparedStatement statement() {
      return statement;
    }

    /**
     * Whether the statement was kept from an earlier run: DuckDB's JDBC driver then still describes
     * the result as it was prepared, even when DuckDB binds it again to a changed catalog.
     */
    boolean kept() {
      return kept;
    }

    /** Gives the statement back for the next run of its SQL; the later calls do nothing. */
    void release() throws SQLException {
      if (!released) {
        released = true;
        giveBack(sql, statement);
      }
    }

    /** Closes the statement instead (it failed: it is not kept); the later calls do nothing. */
    void discard() throws SQLException {
      if (!released) {
        released = true;
        statement.close();
      }
    }
  }

  private final Connection reader;
  private final Map<String, PreparedStatement> idle =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
          if (size() <= KEPT) {
            return false;
          }
          closeQuietly(eldest.getValue());
          return true;
        }
      };
  private boolean closed;

  DuckStatements(Connection reader) {
    this.reader = reader;
  }

  /** A statement of {@code sql}: a kept one, without parameters, or a new one. */
  synchronized Lease take(String sql) throws SQLException {
    PreparedStatement kept = idle.remove(sql);
    if (kept != null) {
      kept.clearParameters();
      return new Lease(sql, kept, true);
    }
    return new Lease(sql, reader.prepareStatement(sql), false);
  }

  private synchronized void giveBack(String sql, PreparedStatement statement) throws SQLException {
    if (closed || idle.containsKey(sql) || statement.isClosed()) {
      statement.close();
    } else {
      idle.put(sql, statement);
    }
  }

  /** Closes the kept statements; the ones lent out are closed when given back. */
  @Override
  public synchronized void close() {
    closed = true;
    idle.values().forEach(DuckStatements::closeQuietly);
    idle.clear();
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException e) {
      // A statement of a closed reader: nothing left to free.
    }
  }
}
