package io.mooncake.calcite;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code extract(field FROM x)} and {@code date_part('field', x)} on DuckDB, by field: the fields
 * whose values agree with PostgreSQL's for every input run as written; {@code year} and {@code
 * epoch} become macros of {@link DuckDbSession} that agree (PostgreSQL has no year 0, so 44 BC is
 * -44, where DuckDB says -43 for a date or timestamp and 44 for a timestamptz; and PostgreSQL's
 * ±Infinity for an infinite input, where DuckDB says NULL, makes the macros fail, so that the query
 * runs on PostgreSQL); every other field is refused (second and milliseconds keep their fraction in
 * PostgreSQL, not in DuckDB). Stateless.
 */
final class DatePartFields {

  /** Fields with the same values in both, infinite and BC inputs included. */
  private static final Set<String> SAME =
      Set.of("month", "day", "hour", "minute", "quarter", "dow", "isodow", "doy", "week");

  /** Fields computed by a macro that agrees; the macro takes the source value. */
  private static final Map<String, String> MACROS =
      Map.of("year", "mooncake_pg_year", "epoch", "mooncake_pg_epoch");

  /** The macros, created on every DuckDB connection with the session settings. */
  static final List<String> MACRO_DEFINITIONS =
      List.of(
          "CREATE OR REPLACE TEMP MACRO mooncake_pg_year(x) AS CASE WHEN isinf(x)"
              + " THEN error('PostgreSQL''s year of an infinite value is infinite')"
              + " WHEN date_part('era', x) = 0"
              + " THEN -(CASE WHEN year(x) > 0 THEN year(x) ELSE 1 - year(x) END)"
              + " ELSE year(x) END",
          "CREATE OR REPLACE TEMP MACRO mooncake_pg_epoch(x) AS CASE WHEN isinf(x)"
              + " THEN error('PostgreSQL''s epoch of an infinite value is infinite')"
              + " ELSE epoch(x) END");

  private DatePartFields() {}

  /**
   * For the call of {@code extract} or {@code date_part} whose name is token {@code at}: nothing
   * when it runs as written, else the edit that calls the macro instead; throws {@link
   * Untranslatable} for a field DuckDB evaluates differently.
   */
  static Optional<TextEdit> check(List<Token> tokens, int at, int to) {
    Token name = tokens.get(at);
    boolean extract = name.isWord("extract");
    if (at + 3 >= to || !tokens.get(at + 1).isPunct("(")) {
      throw new Untranslatable(name.value() + "() without a field DuckDB can check", name.start());
    }
    Token field = tokens.get(at + 2);
    Token after = tokens.get(at + 3);
    String value;
    if (field.kind() == Token.Kind.STRING && field.value().startsWith("'")) {
      value = field.value().substring(1, field.value().length() - 1).toLowerCase(Locale.ROOT);
    } else if (extract && field.kind() == Token.Kind.WORD) {
      value = field.value();
    } else {
      throw new Untranslatable(
          name.value() + "() with a field that is not a constant", field.start());
    }
    if (!(extract ? after.isWord("from") : after.isPunct(","))) {
      throw new Untranslatable(name.value() + "() of an unexpected form", after.start());
    }
    if (SAME.contains(value)) {
      return Optional.empty();
    }
    String macro = MACROS.get(value);
    if (macro == null) {
      throw new Untranslatable(
          name.value()
              + "() of field "
              + value
              + ": DuckDB's value differs from PostgreSQL's (fractional seconds, BC years,"
              + " infinite inputs, or a field DuckDB does not know)",
          field.start());
    }
    return Optional.of(new TextEdit(at, at + 3, macro + "("));
  }
}
