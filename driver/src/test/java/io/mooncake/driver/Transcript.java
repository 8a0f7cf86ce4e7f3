package io.mooncake.driver;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.util.PGobject;

/** What a JDBC scenario observed, one line per observation, to compare two drivers' runs. */
final class Transcript {

  private final List<String> lines = new ArrayList<>();

  void add(String what, Object value) {
    lines.add(what + " = " + describe(value));
  }

  /** Records the SQLSTATE and message of a failure, or that there was none. */
  void failure(String what, Action action) {
    try {
      action.run();
      lines.add(what + " = no error");
    } catch (SQLException e) {
      lines.add(what + " = " + e.getSQLState() + " " + e.getMessage());
    }
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  /** A value with its Java type, so that two drivers must agree on both. */
  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    String text;
    if (value instanceof byte[]) {
      text = HexFormat.of().formatHex((byte[]) value);
    } else if (value instanceof Object[]) {
      text = Arrays.deepToString((Object[]) value);
    } else if (value instanceof int[]) {
      text = Arrays.toString((int[]) value);
    } else if (value instanceof long[]) {
      text = Arrays.toString((long[]) value);
    } else if (value instanceof Array) {
      try {
        text = ((Array) value).getBaseTypeName() + describe(((Array) value).getArray());
      } catch (SQLException e) {
        text = "unreadable array: " + e.getSQLState();
      }
    } else if (value instanceof PGobject) {
      text = ((PGobject) value).getType() + ":" + ((PGobject) value).getValue();
    } else {
      text = String.valueOf(value);
    }
    return value.getClass().getName() + " " + text;
  }

  /** A step of a scenario that may fail. */
  @FunctionalInterface
  interface Action {
    void run() throws SQLException;
  }
}
