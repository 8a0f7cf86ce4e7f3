package io.mooncake.sqltests;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an application sees of a query's result, in a form two results can be compared by: the
 * columns (label, type name, Java class) and, per cell, the Java class {@code getObject} returns
 * and the text {@code getString} returns. Floating-point cells are compared by their value rounded
 * to 12 (double) or 6 (real) significant digits: two engines may sum in different orders. Every
 * other value, numeric included (digits and scale), is compared exactly.
 *
 * @param header the columns, one string each
 * @param rows the rows in the order received, or sorted when the query's order is not defined
 */
record Answer(List<String> header, List<String> rows) {

  private static final MathContext DOUBLE_DIGITS = new MathContext(12);
  private static final MathContext REAL_DIGITS = new MathContext(6);

  /** Reads {@code rs} to the end; {@code ordered}: whether the query defines the rows' order. */
  static Answer of(ResultSet rs, boolean ordered) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> header = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      header.add(
          md.getColumnLabel(i) + ":" + md.getColumnTypeName(i) + ":" + md.getColumnClassName(i));
    }
    List<String> rows = new ArrayList<>();
    while (rs.next()) {
      StringBuilder row = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        row.append(i == 1 ? "" : " | ").append(cell(rs, i));
      }
      rows.add(row.toString());
    }
    if (!ordered) {
      rows.sort(null);
    }
    return new Answer(List.copyOf(header), List.copyOf(rows));
  }

  private static String cell(ResultSet rs, int i) throws SQLException {
    Object v;
    try {
      v = rs.getObject(i);
    } catch (SQLException e) {
      // PgJDBC itself cannot read some values (money beyond a double): the text must still agree.
      return "getObject failed (" + e.getMessage() + ") " + rs.getString(i);
    }
    if (v == null) {
      return "NULL";
    }
    String kind = v.getClass().getSimpleName() + " ";
    if (v instanceof Double d) {
      return kind + normalized(d, DOUBLE_DIGITS);
    }
    if (v instanceof Float f) {
      return kind + normalized(f.doubleValue(), REAL_DIGITS);
    }
    return kind + rs.getString(i);
  }

  private static String normalized(double d, MathContext digits) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    return new BigDecimal(d).round(digits).stripTrailingZeros().toString();
  }
}
