package io.mooncake.calcite;

import java.util.List;

/**
 * The DuckDB settings under which translated queries evaluate as PostgreSQL evaluates the original:
 * the driver applies {@link #SETTINGS} to every DuckDB connection it runs mirror queries on, and
 * {@link #timeZone} with the PostgreSQL session's {@code TimeZone}.
 */
public final class DuckDbSession {

  /** Statements to run once per DuckDB connection. */
  public static final List<String> SETTINGS =
      java.util.stream.Stream.of(
              List.of(
                  // 7 / 2 is 3 in PostgreSQL
                  "SET integer_division = true",
                  // PostgreSQL sorts NULLs last ascending, first descending
                  "SET default_null_order = 'nulls_last_on_asc_first_on_desc'",
                  // never fetch code at query time
                  "SET autoinstall_known_extensions = false",
                  "SET autoload_known_extensions = false"),
              // extract(year ...) and date_part('epoch', ...) as PostgreSQL computes them
              DatePartFields.MACRO_DEFINITIONS,
              // casts to text of NaN and infinities as PostgreSQL spells them
              TextCasts.MACRO_DEFINITIONS,
              // numeric division and powers, exact in PostgreSQL, are not DuckDB's to compute
              NumericGuards.MACRO_DEFINITIONS,
              // avg() in a compared scalar subquery, divided as PostgreSQL divides
              SubqueryAverages.MACRO_DEFINITIONS)
          .flatMap(List::stream)
          .toList();

  /**
   * The statements of {@link #SETTINGS} that only make DuckDB refuse what it would compute
   * otherwise than PostgreSQL (they change no answer DuckDB gives): left out to run DuckDB alone.
   */
  public static final List<String> GUARDS = NumericGuards.MACRO_DEFINITIONS;

  private DuckDbSession() {}

  /** The statement giving DuckDB the session's time zone, so now(), date_trunc and casts agree. */
  public static String timeZone(String postgresTimeZone) {
    return "SET TimeZone = '" + postgresTimeZone.replace("'", "''") + "'";
  }
}
