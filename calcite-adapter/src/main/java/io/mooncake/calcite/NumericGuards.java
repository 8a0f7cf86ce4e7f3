package io.mooncake.calcite;

import java.util.List;

/**
 * Where DuckDB would compute a numeric value in floating point, or divide sums as integers, and
 * PostgreSQL exactly: a division whose operand is a DECIMAL (PostgreSQL's numeric, divided to a
 * scale of its own) or a HUGEINT (DuckDB's sum of integers, which is numeric in PostgreSQL for
 * bigint), and {@code ^}, {@code power}, {@code sqrt}, {@code exp}, {@code ln} and {@code log10} of
 * a DECIMAL. A quotient that is a whole output column is handed over exactly ({@link
 * ExactQuotients}); anywhere else (a condition, an ORDER BY, inside an expression), such a value
 * could differ from PostgreSQL's in its last digits and change the answer, so these macros, which
 * take the operators' and functions' names on each DuckDB connection of the driver, make DuckDB
 * fail there and the query runs on PostgreSQL. Other operand types go to DuckDB's own operators
 * (integer division under {@code integer_division}, floating-point division of floats), whose
 * answers are PostgreSQL's. The planner knows no types; DuckDB's {@code typeof} is known when it
 * binds the query.
 */
final class NumericGuards {

  private NumericGuards() {}

  private static final String EXACT = "typeof(%1$s) LIKE 'DECIMAL%%'";

  private static final String DIVIDED_EXACTLY =
      "typeof(%1$s) LIKE 'DECIMAL%%' OR typeof(%1$s) IN ('HUGEINT', 'UHUGEINT')";

  private static final String FLOATING = "typeof(x) IN ('DOUBLE', 'FLOAT')";

  private static final String ROUNDED =
      "round of a floating-point value: PostgreSQL rounds halves to even, or the value is"
          + " a numeric there";

  static final List<String> MACRO_DEFINITIONS =
      List.of(
          // Under integer_division, DuckDB reads a / b as the function "//".
          "CREATE OR REPLACE TEMP MACRO \"//\"(a, b) AS CASE WHEN "
              + String.format(DIVIDED_EXACTLY, "a")
              + " OR "
              + String.format(DIVIDED_EXACTLY, "b")
              + " THEN error('numeric division is exact in PostgreSQL, to a scale of its own,"
              + " and floating-point in DuckDB') ELSE divide(a, b) END",
          guard("\"^\"", "system.main.pow", 2),
          guard("power", "system.main.power", 2),
          guard("pow", "system.main.pow", 2),
          guard("sqrt", "system.main.sqrt", 1),
          guard("exp", "system.main.exp", 1),
          guard("ln", "system.main.ln", 1),
          guard("log10", "system.main.log10", 1),
          // PostgreSQL rounds a double's halves to even (DuckDB away from zero), and a numeric
          // that DuckDB holds as a double (an average) would be rounded from other digits: only
          // numerics and integers are rounded on DuckDB; round(x, k, zero of scale k) is
          // RoundScales' form of round(x, k) with PostgreSQL's scale.
          "CREATE OR REPLACE TEMP MACRO round(x) AS "
              + unlessFloating("system.main.round(x)")
              + ", (x, n) AS "
              + unlessFloating("system.main.round(x, n)")
              + ", (x, n, z) AS "
              + unlessFloating("system.main.round(x, n) + z"));

  /** {@code value}, or a failure when the macro's argument {@code x} is a floating-point value. */
  private static String unlessFloating(String value) {
    return "CASE WHEN " + FLOATING + " THEN error('" + ROUNDED + "') ELSE " + value + " END";
  }

  /** A macro named {@code name} calling {@code builtin}, failing when an argument is a DECIMAL. */
  private static String guard(String name, String builtin, int arity) {
    String args = arity == 1 ? "x" : "a, b";
    String decimal =
        arity == 1
            ? String.format(EXACT, "x")
            : String.format(EXACT, "a") + " OR " + String.format(EXACT, "b");
    return "CREATE OR REPLACE TEMP MACRO "
        + name
        + "("
        + args
        + ") AS CASE WHEN "
        + decimal
        + " THEN error('"
        + name.replace("\"", "")
        + " of a numeric is exact in PostgreSQL, floating-point in DuckDB') ELSE "
        + builtin
        + "("
        + args
        + ") END";
  }
}
