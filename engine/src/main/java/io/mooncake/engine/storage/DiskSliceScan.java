package io.mooncake.engine.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * DuckDB SQL reading the flushed part of a mirror (its "disk slice") as of one {@link MirrorState}:
 * {@code read_parquet} over the live data files, anti-joined on DuckDB's {@code file_index} and
 * {@code file_row_number} virtual columns with the deleted positions. DuckDB has no Iceberg reader
 * here, so the positions come from Java: {@link #loadDeletes} puts them in a temporary table (a
 * {@code VALUES} list in the SQL text was slower even for 1k positions, and took 26 s for 1M).
 * Immutable.
 */
public final class DiskSliceScan {

  private final Schema schema;
  private final List<LiveDataFile> files;

  public DiskSliceScan(MirrorState state, Schema schema) {
    this(schema, state.dataFiles());
  }

  private DiskSliceScan(Schema schema, List<LiveDataFile> files) {
    this.schema = schema;
    this.files = files;
  }

  /** The same scan narrowed to these data files (e.g. the inputs of a compaction). */
  public DiskSliceScan only(Collection<String> paths) {
    Set<String> wanted = new HashSet<>(paths);
    List<LiveDataFile> subset =
        files.stream().filter(f -> wanted.contains(f.path())).collect(Collectors.toList());
    if (subset.size() != wanted.size()) {
      throw new IllegalArgumentException("not all of " + paths + " are live data files");
    }
    return new DiskSliceScan(schema, subset);
  }

  /** Deleted positions across all files. */
  public long deleteCount() {
    return files.stream().mapToLong(LiveDataFile::deletedCount).sum();
  }

  /**
   * Creates (or replaces) the temporary table {@code name(file_index INTEGER, pos BIGINT)} on this
   * connection and fills it with the deleted positions. Each file's positions go through DuckDB's
   * appender as one {@code BIGINT[]} value, then are unnested: one JNI call per file, not per row.
   */
  public void loadDeletes(Connection duckdb, String name) throws SQLException {
    String lists = name + "_lists";
    try (Statement statement = duckdb.createStatement()) {
      statement.execute(
          "CREATE OR REPLACE TEMP TABLE "
              + SqlText.identifier(lists)
              + " (file_index INTEGER, pos BIGINT[])");
      try (DuckDBAppender appender =
          duckdb.unwrap(DuckDBConnection.class).createAppender("temp", "main", lists)) {
        for (int i = 0; i < files.size(); i++) {
          Roaring64NavigableMap deleted = files.get(i).deletedShared();
          if (!deleted.isEmpty()) {
            appender.beginRow().append(i).append(deleted.toArray()).endRow();
          }
        }
      }
      statement.execute(
          "CREATE OR REPLACE TEMP TABLE "
              + SqlText.identifier(name)
              + " AS SELECT file_index, unnest(pos) AS pos FROM "
              + SqlText.identifier(lists));
      statement.execute("DROP TABLE " + SqlText.identifier(lists));
    }
  }

  /**
   * The scan, anti-joined with the temporary table {@link #loadDeletes} filled (not read when no
   * position is deleted).
   */
  public String sql(String deletesTable) {
    if (files.isEmpty() || deleteCount() == 0) {
      return sqlWithoutDeletes();
    }
    return scan(SqlText.identifier(deletesTable));
  }

  /** The scan anti-joined with {@code deletes}, any relation with columns file_index and pos. */
  String scan(String deletes) {
    return "SELECT "
        + columns("data.")
        + " FROM "
        + readParquet()
        + " AS data ANTI JOIN "
        + deletes
        + " AS deleted ON data.file_index = deleted.file_index AND data.file_row_number = deleted.pos";
  }

  /** The live data files in {@code file_index} order. */
  List<LiveDataFile> files() {
    return files;
  }

  private String sqlWithoutDeletes() {
    if (files.isEmpty()) {
      String nulls =
          schema.columns().stream()
              .map(
                  f ->
                      "CAST(NULL AS "
                          + DuckDbTypes.sqlType(f.type())
                          + ") AS "
                          + SqlText.identifier(f.name()))
              .collect(Collectors.joining(", "));
      return "SELECT " + nulls + " WHERE false";
    }
    return "SELECT " + columns("") + " FROM " + readParquet();
  }

  private String readParquet() {
    return files.stream()
        .map(f -> SqlText.literal(f.path()))
        .collect(Collectors.joining(", ", "read_parquet([", "])"));
  }

  private String columns(String qualifier) {
    return schema.columns().stream()
        .map(f -> qualifier + SqlText.identifier(f.name()))
        .collect(Collectors.joining(", "));
  }
}
