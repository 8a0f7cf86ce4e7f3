package io.mooncake.engine.storage;

/** Quoting of identifiers and string literals for DuckDB SQL built in this package. */
final class SqlText {

  private SqlText() {}

  /** {@code "name"}, inner quotes doubled. */
  static String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** {@code 'text'}, inner quotes doubled. */
  static String literal(String text) {
    return '\'' + text.replace("'", "''") + '\'';
  }
}
