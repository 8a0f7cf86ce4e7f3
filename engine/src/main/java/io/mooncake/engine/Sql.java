package io.mooncake.engine;

/** Quoting for SQL text the engine builds (PostgreSQL and DuckDB share these rules). */
public final class Sql {

  private Sql() {}

  /** A double-quoted identifier, with embedded quotes doubled. */
  public static String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** A single-quoted string literal, with embedded quotes doubled. */
  static String literal(String value) {
    return '\'' + value.replace("'", "''") + '\'';
  }
}
