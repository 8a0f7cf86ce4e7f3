package io.mooncake.driver;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code CALL mooncake.<procedure>(...)} statement, which the driver runs itself (the engine
 * lives in the driver, not in PostgreSQL). Arguments are string literals or {@code ?} parameters.
 * Immutable.
 *
 * @param procedure the procedure: create_table, drop_table or create_snapshot
 * @param arguments each argument's text, or null for a {@code ?} parameter
 */
record MooncakeCall(String procedure, List<String> arguments) {

  private static final Pattern CALL =
      Pattern.compile(
          "(?is)\\s*CALL\\s+(mooncake|\"mooncake\")\\s*\\.\\s*(\\w+|\"\\w+\")\\s*\\((.*)\\)\\s*;?\\s*");

  /** The call {@code sql} makes, or null when it is not a call of a mooncake procedure. */
  static MooncakeCall parse(String sql) throws SQLException {
    if (sql == null || sql.length() < 14) {
      return null;
    }
    Matcher m = CALL.matcher(sql);
    if (!m.matches()) {
      return null;
    }
    String procedure = m.group(2);
    procedure =
        procedure.startsWith("\"")
            ? procedure.substring(1, procedure.length() - 1)
            : procedure.toLowerCase(Locale.ROOT);
    List<String> args = arguments(m.group(3), sql);
    int expected;
    switch (procedure) {
      case "create_table":
        expected = 2;
        break;
      case "drop_table":
      case "create_snapshot":
        expected = 1;
        break;
      default:
        throw SqlState.UNDEFINED_FUNCTION.exception(
            "procedure mooncake."
                + procedure
                + " does not exist (mooncake has create_table,"
                + " drop_table and create_snapshot)");
    }
    if (args.size() != expected) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception(
          "mooncake." + procedure + " takes " + expected + " argument(s), got " + args.size());
    }
    return new MooncakeCall(procedure, args);
  }

  /** The number of {@code ?} parameters. */
  int parameterCount() {
    return (int) arguments.stream().filter(a -> a == null).count();
  }

  private static List<String> arguments(String text, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (true) {
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i == text.length()) {
        if (!out.isEmpty()) {
          throw syntax(sql);
        }
        return out;
      }
      char c = text.charAt(i);
      if (c == '?') {
        out.add(null);
        i++;
      } else if (c == '\'') {
        StringBuilder value = new StringBuilder();
        i++;
        while (true) {
          if (i >= text.length()) {
            throw syntax(sql);
          }
          char d = text.charAt(i++);
          if (d == '\'') {
            if (i < text.length() && text.charAt(i) == '\'') {
              value.append('\'');
              i++;
            } else {
              break;
            }
          } else {
            value.append(d);
          }
        }
        out.add(value.toString());
      } else {
        throw SqlState.INVALID_PARAMETER_VALUE.exception(
            "mooncake procedures take string literals or ? parameters: " + sql.trim());
      }
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i == text.length()) {
        return out;
      }
      if (text.charAt(i) != ',') {
        throw syntax(sql);
      }
      i++;
    }
  }

  private static SQLException syntax(String sql) {
    return SqlState.SYNTAX_ERROR.exception("syntax error in " + sql.trim());
  }
}
