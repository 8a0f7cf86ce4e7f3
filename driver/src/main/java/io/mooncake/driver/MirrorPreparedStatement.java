package io.mooncake.driver;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import org.postgresql.core.BaseStatement;

/**
 * A prepared query that names mirrors. Its PgJDBC delegate is the same query against the mirrors'
 * sources, so every parameter is also set there and the fallback is always ready; the parameters
 * DuckDB can take are kept for the DuckDB route. A parameter set in another way (streams, arrays,
 * ...) sends the query to PostgreSQL. Thread-safety: as PgJDBC's statement.
 */
final class MirrorPreparedStatement extends DelegatingPreparedStatement<PreparedStatement> {

  private static final Object UNSET = new Object();

  private final String sql;
  private Object[] parameters = new Object[0];

  MirrorPreparedStatement(MooncakeConnection connection, PreparedStatement onSources, String sql) {
    super(connection, onSources);
    this.sql = sql;
  }

  private void keep(int index, Object value) {
    if (index > parameters.length) {
      int old = parameters.length;
      parameters = Arrays.copyOf(parameters, index);
      Arrays.fill(parameters, old, index, UNSET);
    }
    if (index >= 1) {
      parameters[index - 1] = value;
    }
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    replaceOwnRows(null);
    clearOwnWarnings();
    List<Object> values = Arrays.asList(parameters);
    if (values.contains(UNSET)) {
      return wrap(delegate.executeQuery());
    }
    MirrorExecution.Outcome out =
        MirrorExecution.route(
            (MooncakeConnection) connection,
            sql,
            values,
            delegate.unwrap(BaseStatement.class),
            duckQuery,
            delegate.getMaxRows(),
            this::addWarning);
    ResultSet rows = out == null || out.rows() == null ? delegate.executeQuery() : out.rows();
    return replaceOwnRows(rows);
  }

  @Override
  public boolean execute() throws SQLException {
    executeQuery();
    return true;
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    return ownRows() != null ? ownRows() : wrap(delegate.getResultSet());
  }

  @Override
  public void clearParameters() throws SQLException {
    parameters = new Object[0];
    delegate.clearParameters();
  }

  @Override
  public void setNull(int i, int sqlType) throws SQLException {
    keep(i, null);
    delegate.setNull(i, sqlType);
  }

  @Override
  public void setBoolean(int i, boolean x) throws SQLException {
    keep(i, x);
    delegate.setBoolean(i, x);
  }

  @Override
  public void setShort(int i, short x) throws SQLException {
    keep(i, x);
    delegate.setShort(i, x);
  }

  @Override
  public void setInt(int i, int x) throws SQLException {
    keep(i, x);
    delegate.setInt(i, x);
  }

  @Override
  public void setLong(int i, long x) throws SQLException {
    keep(i, x);
    delegate.setLong(i, x);
  }

  @Override
  public void setFloat(int i, float x) throws SQLException {
    keep(i, x);
    delegate.setFloat(i, x);
  }

  @Override
  public void setDouble(int i, double x) throws SQLException {
    keep(i, x);
    delegate.setDouble(i, x);
  }

  @Override
  public void setBigDecimal(int i, BigDecimal x) throws SQLException {
    keep(i, x);
    delegate.setBigDecimal(i, x);
  }

  @Override
  public void setString(int i, String x) throws SQLException {
    keep(i, x);
    delegate.setString(i, x);
  }

  @Override
  public void setDate(int i, Date x) throws SQLException {
    keep(i, x == null ? null : x.toLocalDate());
    delegate.setDate(i, x);
  }

  @Override
  public void setTime(int i, Time x) throws SQLException {
    keep(i, x == null ? null : x.toLocalTime());
    delegate.setTime(i, x);
  }

  @Override
  public void setTimestamp(int i, Timestamp x) throws SQLException {
    keep(i, x == null ? null : x.toLocalDateTime());
    delegate.setTimestamp(i, x);
  }

  @Override
  public void setObject(int i, Object x) throws SQLException {
    keep(i, x instanceof Number || x instanceof String || x == null ? x : UNSET);
    delegate.setObject(i, x);
  }
}
