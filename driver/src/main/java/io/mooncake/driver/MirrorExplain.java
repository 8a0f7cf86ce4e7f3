package io.mooncake.driver;

import io.mooncake.calcite.QueryPlan;
import io.mooncake.calcite.TableName;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.postgresql.core.BaseStatement;
import org.postgresql.core.Field;
import org.postgresql.core.Oid;
import org.postgresql.core.Tuple;

/**
 * {@code EXPLAIN [ANALYZE]} of a mirror query that runs on DuckDB: one text column {@code QUERY
 * PLAN}, as PostgreSQL gives it, holding the route, the DuckDB SQL and DuckDB's own plan; with
 * ANALYZE, DuckDB runs the query (after the freshness wait, {@code waitedNanos}) and its plan
 * carries the timings. A query that would fall back to PostgreSQL fails here as it would when run
 * ({@code pgSql} is the query on the sources).
 */
final class MirrorExplain {

  private MirrorExplain() {}

  static ResultSet rows(
      MooncakeConnection conn,
      ExplainStatement explain,
      QueryPlan.MirrorQuery query,
      String pgSql,
      List<Object> parameters,
      BaseStatement owner,
      long waitedNanos)
      throws SQLException {
    List<String> lines = new ArrayList<>();
    io.mooncake.engine.MirrorReads reads = conn.engine();
    lines.add(
        "mooncake route: DuckDB over "
            + query.mirrors().stream()
                .map(TableName::toString)
                .sorted()
                .collect(Collectors.joining(", "))
            + (reads instanceof io.mooncake.engine.IcebergReads
                ? " (their Iceberg tables, written by another process's engine, at "
                    + ((io.mooncake.engine.IcebergReads) reads).viewsAt()
                    + ")"
                : ""));
    org.postgresql.core.Field[] fields = pgSql == null ? null : MirrorQueries.describe(conn, pgSql);
    String duckDbSql = fields == null ? query.duckDbSql() : MirrorQueries.duckDbSql(query, fields);
    lines.add("DuckDB SQL: " + duckDbSql.replaceAll("\\s+", " ").trim());
    if (explain.analyze()) {
      lines.add(String.format(Locale.ROOT, "Freshness wait: %.3f ms", waitedNanos / 1e6));
    }
    for (io.mooncake.calcite.PostgresTable t : query.postgresTables()) {
      lines.add("PostgreSQL table fetched for DuckDB: " + t.selectSql());
    }
    if (fields != null) {
      // Explain the route the query would take: DuckDB only when its columns are PostgreSQL's.
      try (PreparedStatement check = conn.duckReader().prepareStatement(duckDbSql)) {
        MirrorQueries.checkColumns(check.getMetaData(), fields, duckDbSql);
      }
    }
    long start = System.nanoTime();
    try (PreparedStatement ps =
        conn.duckReader()
            .prepareStatement((explain.analyze() ? "EXPLAIN ANALYZE " : "EXPLAIN ") + duckDbSql)) {
      for (int i = 0; i < parameters.size(); i++) {
        ps.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // DuckDB answers (explain_key, explain_value); the value is the drawn plan.
          for (String line : rs.getString(2).split("\n")) {
            if (!line.isBlank()) {
              lines.add(line);
            }
          }
        }
      }
    }
    if (explain.analyze()) {
      lines.add(String.format(Locale.ROOT, "Execution Time: %.3f ms", millisSince(start)));
    }
    Field column = new Field("QUERY PLAN", Oid.TEXT);
    column.setFormat(Field.TEXT_FORMAT);
    List<Tuple> tuples = new ArrayList<>();
    for (String line : lines) {
      tuples.add(new Tuple(new byte[][] {line.getBytes(StandardCharsets.UTF_8)}));
    }
    return owner.createDriverResultSet(new Field[] {column}, tuples);
  }

  private static double millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e6;
  }
}
