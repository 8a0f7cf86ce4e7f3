package io.mooncake.calcite;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;

/**
 * An ordinary PostgreSQL table read together with a mirror. The driver fetches its rows from
 * PostgreSQL ({@link #selectSql()}) and registers them in DuckDB as {@code duckDbRelation}, the
 * name the translated query uses in its place. {@code columns} are the columns the query
 * references, or empty when they could not be determined (then fetch them all).
 *
 * @param nameParts the name as written in the query, case-folded ({@code [customers]} or {@code
 *     [public, customers]}); PostgreSQL resolves it on the session's search path
 * @param filter a PostgreSQL condition on the table's rows, named {@code alias} in it, that every
 *     row the query can use satisfies (pushed into the fetch), or empty
 */
public record PostgresTable(
    List<String> nameParts,
    String duckDbRelation,
    Optional<SortedSet<String>> columns,
    String alias,
    Optional<String> filter) {

  public PostgresTable {
    nameParts = List.copyOf(nameParts);
    Objects.requireNonNull(duckDbRelation, "duckDbRelation");
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(filter, "filter");
    if (filter.isPresent()) {
      Objects.requireNonNull(alias, "alias of a filtered table");
    }
  }

  /** A table fetched without a filter. */
  public PostgresTable(
      List<String> nameParts, String duckDbRelation, Optional<SortedSet<String>> columns) {
    this(nameParts, duckDbRelation, columns, null, Optional.empty());
  }

  /** The PostgreSQL query that fetches what the translated query needs. */
  public String selectSql() {
    StringBuilder sql = new StringBuilder("SELECT ");
    if (columns.isEmpty()) {
      sql.append('*');
    } else {
      String separator = "";
      for (String column : columns.get()) {
        sql.append(separator).append(TableName.quote(column));
        separator = ", ";
      }
    }
    sql.append(" FROM ");
    String separator = "";
    for (String part : nameParts) {
      sql.append(separator).append(TableName.quote(part));
      separator = ".";
    }
    filter.ifPresent(
        f -> sql.append(" AS ").append(TableName.quote(alias)).append(" WHERE ").append(f));
    return sql.toString();
  }
}
