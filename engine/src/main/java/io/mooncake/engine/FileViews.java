package io.mooncake.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The DuckDB SQL that reads a mirror's Parquet data files as its rows: each column found by its
 * Iceberg field id (files written before a column was added, dropped or renamed are read in groups
 * of the same columns), the deleted positions of a file dropped by an anti join with a table of
 * {@code (file_id, pos)}. Shared by the engine's views and the read-only views of a process that
 * reads another process's mirrors ({@link IcebergReads}).
 */
final class FileViews {

  private FileViews() {}

  /**
   * One SELECT per group of {@code files} for a UNION ALL: the files in {@code withDeletes} each on
   * their own, anti-joined with their positions in {@code dvTable} by row number only (no join on
   * the file name, a string, per row).
   */
  static List<String> parts(
      MirrorSchema schema,
      List<TableMirror.DataFileRef> files,
      Set<Integer> withDeletes,
      String dvTable) {
    Map<Map<Integer, String>, List<TableMirror.DataFileRef>> clean = new LinkedHashMap<>();
    List<String> parts = new ArrayList<>();
    for (TableMirror.DataFileRef f : files) {
      if (!withDeletes.contains(f.fileId())) {
        clean.computeIfAbsent(f.columns(), k -> new ArrayList<>()).add(f);
      }
    }
    for (Map.Entry<Map<Integer, String>, List<TableMirror.DataFileRef>> g : clean.entrySet()) {
      parts.add(
          "SELECT "
              + columns(schema, g.getKey())
              + " FROM "
              + parquetScan(g.getValue(), false)
              + " p");
    }
    for (TableMirror.DataFileRef f : files) {
      if (withDeletes.contains(f.fileId())) {
        parts.add(
            "SELECT "
                + columns(schema, f.columns())
                + " FROM read_parquet("
                + Sql.literal(f.path())
                + ", file_row_number = true) p ANTI JOIN (SELECT pos FROM "
                + dvTable
                + " WHERE file_id = "
                + f.fileId()
                + ") d ON d.pos = p.file_row_number");
      }
    }
    return parts;
  }

  /** The mirror's columns read from files whose columns are {@code physical} (field id → name). */
  static String columns(MirrorSchema schema, Map<Integer, String> physical) {
    List<String> out = new ArrayList<>();
    for (MirrorColumn c : schema.columns()) {
      String name = physical.get(c.fieldId());
      String value =
          name != null
              ? "CAST(p." + Sql.identifier(name) + " AS " + c.type().duckType() + ")"
              : "CAST("
                  + (c.missingSql() == null ? "NULL" : c.missingSql())
                  + " AS "
                  + c.type().duckType()
                  + ")";
      out.add(value + " AS " + Sql.identifier(c.name()));
    }
    return String.join(", ", out);
  }

  /** {@code read_parquet} of {@code files}, with each row's file name and position if asked. */
  static String parquetScan(List<TableMirror.DataFileRef> files, boolean positions) {
    return files.stream()
        .map(f -> Sql.literal(f.path()))
        .collect(
            Collectors.joining(
                ", ",
                "read_parquet([",
                positions ? "], filename = true, file_row_number = true)" : "])"));
  }

  /** A Parquet file's columns: Iceberg field id → column name, from its footer. */
  static Map<Integer, String> parquetColumns(Connection conn, String path) throws SQLException {
    Map<Integer, String> out = new java.util.TreeMap<>();
    try (Statement s = conn.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name, field_id FROM parquet_schema("
                    + Sql.literal(path)
                    + ") WHERE field_id IS NOT NULL")) {
      while (rs.next()) {
        out.put(rs.getInt(2), rs.getString(1));
      }
    }
    return out;
  }
}
