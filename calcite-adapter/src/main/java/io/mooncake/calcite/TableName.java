package io.mooncake.calcite;

import java.util.Objects;

/**
 * A PostgreSQL relation name, schema-qualified, exactly as stored in the catalog (case-sensitive:
 * an unquoted {@code Orders} in SQL names {@code orders}). Immutable.
 */
public record TableName(String schema, String name) {

  public TableName {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
    if (schema.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException("empty schema or table name: " + schema + "." + name);
    }
  }

  public static TableName of(String schema, String name) {
    return new TableName(schema, name);
  }

  /** The name as SQL text, both parts double-quoted: {@code "public"."orders"}. */
  public String toSql() {
    return quote(schema) + "." + quote(name);
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public String toString() {
    return toSql();
  }
}
