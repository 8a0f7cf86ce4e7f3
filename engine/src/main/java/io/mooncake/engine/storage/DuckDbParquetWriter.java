package io.mooncake.engine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Type;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Writes a mirror's data files with DuckDB ({@code COPY (SELECT ...) TO ... (FORMAT parquet,
 * FIELD_IDS ...)}) and describes them as Iceberg {@link DataFile}s with the metrics Iceberg reads
 * from the Parquet footer (sizes, value and null counts, lower/upper bounds), so readers can prune.
 * Stateless; safe to share, but each DuckDB connection must be used by one thread at a time.
 */
public final class DuckDbParquetWriter {

  private final MirrorTable table;
  private final java.util.Set<Integer> smallints;

  public DuckDbParquetWriter(MirrorTable table) {
    this(table, java.util.Set.of());
  }

  /**
   * A writer that writes the Iceberg {@code int} fields {@code smallints} (field ids) as 16-bit
   * integers: Parquet INT32 annotated INT(16), which Iceberg reads as its int. DuckDB then reads
   * them as SMALLINT, the type of the PostgreSQL column, with no cast that would keep filters out
   * of the scan.
   */
  public DuckDbParquetWriter(MirrorTable table, java.util.Set<Integer> smallints) {
    this.table = table;
    this.smallints = smallints;
  }

  /**
   * Writes the rows of {@code select} (a DuckDB query yielding at least the table's columns, by
   * name) into a new file under the table's {@code data/} and returns its entry, not yet committed.
   */
  public DataFile write(Connection duckdb, String select) throws SQLException {
    String path = table.newDataFileLocation();
    writeTo(duckdb, path, select, null);
    return describe(path);
  }

  /**
   * Writes the rows of {@code select} (at least the table's columns, by name), ordered by {@code
   * order} (null: as they come; row positions in the file follow it), to the new file {@code path}:
   * columns cast to the Iceberg types, Iceberg field ids, zstd, synced before any commit can
   * reference it.
   */
  public void writeTo(Connection duckdb, String path, String select, String order)
      throws SQLException {
    String columns =
        table.schema().columns().stream()
            .map(
                f ->
                    "CAST("
                        + SqlText.identifier(f.name())
                        + " AS "
                        + (smallints.contains(f.fieldId())
                                && f.type().typeId() == Type.TypeID.INTEGER
                            ? "SMALLINT"
                            : DuckDbTypes.sqlType(f.type()))
                        + ") AS "
                        + SqlText.identifier(f.name()))
            .collect(Collectors.joining(", "));
    String copy =
        "COPY (SELECT "
            + columns
            + " FROM ("
            + select
            + ") AS rows"
            + (order == null ? "" : " ORDER BY " + order)
            + ") TO "
            + SqlText.literal(path)
            + " (FORMAT parquet, COMPRESSION zstd, FIELD_IDS "
            + DuckDbTypes.fieldIds(table.schema())
            + ")";
    try {
      Files.createDirectories(LocalFileIO.toPath(path).getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory of " + path, e);
    }
    try (Statement statement = duckdb.createStatement()) {
      statement.execute(copy);
    }
    // The commit that references the file must not outlive it in a crash.
    LocalFileIO.syncFile(LocalFileIO.toPath(path));
  }

  /** The entry, with metrics, of a Parquet file (with Iceberg field ids) already written. */
  public DataFile describe(String path) {
    Path file = LocalFileIO.toPath(path);
    ParquetMetadata footer = ParquetFooter.read(file);
    // No writer-side field metrics: Iceberg then keeps no float/double bounds (NaN unknown).
    Metrics metrics =
        ParquetUtil.footerMetrics(footer, Stream.empty(), MetricsConfig.forTable(table.table()));
    try {
      return DataFiles.builder(table.table().spec())
          .withPath(path)
          .withFormat(FileFormat.PARQUET)
          .withFileSizeInBytes(Files.size(file))
          .withMetrics(metrics)
          .withSplitOffsets(ParquetUtil.getSplitOffsets(footer))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + path, e);
    }
  }
}
