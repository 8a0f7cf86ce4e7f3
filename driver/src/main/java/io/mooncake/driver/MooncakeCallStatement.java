package io.mooncake.driver;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A prepared (or callable) {@code CALL mooncake.*}: its {@code ?} parameters are taken as text and
 * the call runs in the driver. Every other method is that of an unused PgJDBC statement.
 */
final class MooncakeCallStatement extends DelegatingPreparedStatement<PreparedStatement> {

  private final MooncakeCall call;
  private final String[] parameters;
  private int updateCount = -1;

  MooncakeCallStatement(
      MooncakeConnection connection, PreparedStatement unused, MooncakeCall call) {
    super(connection, unused);
    this.call = call;
    this.parameters = new String[call.parameterCount()];
  }

  private void set(int index, Object value) throws SQLException {
    if (index < 1 || index > parameters.length) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception(
          "The column index is out of range: "
              + index
              + ", number of columns: "
              + parameters.length
              + ".");
    }
    parameters[index - 1] = value == null ? null : value.toString();
  }

  @Override
  public void setString(int index, String value) throws SQLException {
    set(index, value);
  }

  @Override
  public void setNString(int index, String value) throws SQLException {
    set(index, value);
  }

  @Override
  public void setObject(int index, Object value) throws SQLException {
    set(index, value);
  }

  @Override
  public void setObject(int index, Object value, int targetSqlType) throws SQLException {
    set(index, value);
  }

  @Override
  public void clearParameters() {
    Arrays.fill(parameters, null);
  }

  @Override
  public boolean execute() throws SQLException {
    List<String> values = new ArrayList<>(Arrays.asList(parameters));
    MooncakeCalls.run((MooncakeConnection) connection, call, values);
    updateCount = 0;
    return false;
  }

  @Override
  public int executeUpdate() throws SQLException {
    execute();
    return 0;
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    execute();
    return 0;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    execute();
    throw new SQLException("No results were returned by the query.", "02000");
  }

  @Override
  public int getUpdateCount() {
    return updateCount;
  }

  @Override
  public boolean getMoreResults() {
    updateCount = -1;
    return false;
  }

  @Override
  public ResultSet getResultSet() {
    return null;
  }
}
