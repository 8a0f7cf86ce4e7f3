/**
 * Mirrors as Iceberg v3 tables on the local file system.
 *
 * <p>A mirror is a directory in the layout of Iceberg's path-based tables ({@code
 * metadata/v<N>.metadata.json}, {@code metadata/version-hint.text}, data files and Puffin deletion
 * vectors under {@code data/}), so Spark's {@code HadoopTables}, DuckDB's {@code iceberg_scan} or
 * any reader given the metadata file opens it without a catalog. {@link
 * io.mooncake.engine.storage.MirrorTable} commits one snapshot per flush or delete batch, with the
 * source LSN in the snapshot summary. {@link io.mooncake.engine.storage.DuckDbParquetWriter} writes
 * data files with DuckDB and registers them with footer metrics; {@link
 * io.mooncake.engine.storage.DiskSliceScan} reads them back in DuckDB minus the deleted positions.
 *
 * <p>Nothing here needs Hadoop at run time (an integration test runs without it): file access is
 * {@code LocalFileIO}, Parquet footers are read by {@code ParquetFooter}.
 */
package io.mooncake.engine.storage;
