package io.mooncake.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooncake.engine.Lsn;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * The whole storage path (flush with DuckDB, metrics, commit, DVs, reopen, scan, compaction) on a
 * class path without Hadoop, as in the driver jar. Run by its own failsafe execution.
 */
class StorageWithoutHadoopIT {

  @TempDir Path warehouse;

  @Test
  void flushDeleteReopenScanAndCompactWithoutHadoop() throws Exception {
    assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
        .isInstanceOf(ClassNotFoundException.class);
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "amount", Types.DecimalType.of(12, 2)),
            Types.NestedField.optional(3, "at", Types.TimestampType.withZone()));
    MirrorTable mirror = MirrorTable.create(warehouse.resolve("t"), schema, "public.t");
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duckdb.createStatement()) {
      DuckDbParquetWriter writer = new DuckDbParquetWriter(mirror);
      String rows =
          "SELECT range AS id, range / 100 AS amount, TIMESTAMPTZ '2020-01-01 00:00:00+00' + INTERVAL (range) SECOND AS at FROM range";
      DataFile a = writer.write(duckdb, rows + "(0, 1000)");
      DataFile b = writer.write(duckdb, rows + "(1000, 1500)");
      assertThat(a.lowerBounds()).containsKeys(1, 2, 3);
      mirror.commit(
          Lsn.parse("0/10"),
          List.of(a, b),
          Map.of(b.location(), Roaring64NavigableMap.bitmapOf(0)));
      mirror.commit(
          Lsn.parse("0/20"), List.of(), Map.of(a.location(), Roaring64NavigableMap.bitmapOf(1, 2)));

      MirrorTable reopened = MirrorTable.open(mirror.location());
      assertThat(reopened.state().lsn()).isEqualTo(Lsn.parse("0/20"));
      DiskSliceScan scan = new DiskSliceScan(reopened.state(), reopened.schema());
      scan.loadDeletes(duckdb, "dv");
      try (ResultSet r = s.executeQuery("SELECT count(*), sum(id) FROM (" + scan.sql("dv") + ")")) {
        r.next();
        assertThat(r.getLong(1)).isEqualTo(1497);
        assertThat(r.getLong(2)).isEqualTo(1499L * 1500 / 2 - 1 - 2 - 1000);
      }

      DiskSliceScan inputs = scan.only(List.of(a.location(), b.location()));
      DataFile compacted = new DuckDbParquetWriter(reopened).write(duckdb, inputs.sql("dv"));
      MirrorState state = reopened.compact(List.of(a.location(), b.location()), compacted);
      assertThat(state.dataFiles()).hasSize(1);
      assertThat(MirrorTable.open(mirror.location()).state().liveRecordCount()).isEqualTo(1497);
    }
  }
}
