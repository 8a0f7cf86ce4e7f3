package io.mooncake.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooncake.engine.Lsn;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/** Commit bookkeeping, on data file entries that need no Parquet behind them. */
class MirrorTableTest {

  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  @TempDir Path dir;

  private static DataFile dataFile(MirrorTable table, long rows) {
    return DataFiles.builder(table.table().spec())
        .withPath(table.newDataFileLocation())
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(1000)
        .withRecordCount(rows)
        .build();
  }

  @Test
  void aNewTableIsEmptyAtLsnZeroAndCarriesItsSource() {
    MirrorTable table = MirrorTable.create(dir, SCHEMA, "public.t");
    assertThat(table.state().lsn()).isEqualTo(Lsn.ZERO);
    assertThat(table.state().snapshotId()).isEmpty();
    assertThat(table.table().properties()).containsEntry(MirrorTable.SOURCE_PROPERTY, "public.t");
    assertThat(MirrorTable.exists(dir)).isTrue();
    assertThat(MirrorTable.open(dir).state().dataFiles()).isEmpty();
    assertThatThrownBy(() -> MirrorTable.create(dir, SCHEMA, "public.t"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> MirrorTable.open(dir.resolve("nothing")))
        .isInstanceOf(NoSuchTableException.class);
  }

  @Test
  void deletesAccumulateInOneDvPerFileAcrossCommitsAndReopen() {
    MirrorTable table = MirrorTable.create(dir, SCHEMA, "public.t");
    DataFile a = dataFile(table, 10);
    DataFile b = dataFile(table, 20);
    // A file may be added and deleted from in the same commit.
    table.commit(
        Lsn.parse("0/10"), List.of(a, b), Map.of(b.location(), Roaring64NavigableMap.bitmapOf(19)));
    table.commit(
        Lsn.parse("0/20"), List.of(), Map.of(a.location(), Roaring64NavigableMap.bitmapOf(1, 2)));
    MirrorState state =
        table.commit(
            Lsn.parse("0/30"),
            List.of(),
            Map.of(a.location(), Roaring64NavigableMap.bitmapOf(2, 3)));

    assertThat(state.dataFile(a.location()).deletedPositions())
        .isEqualTo(Roaring64NavigableMap.bitmapOf(1, 2, 3));
    assertThat(state.dataFile(b.location()).deletedPositions())
        .isEqualTo(Roaring64NavigableMap.bitmapOf(19));
    assertThat(state.liveRecordCount()).isEqualTo(26);
    assertThat(table.table().currentSnapshot().summary())
        .containsEntry(MirrorTable.LSN_SUMMARY_KEY, "0/30")
        .containsEntry("total-delete-files", "2")
        .containsEntry("removed-delete-files", "1");

    MirrorState reopened = MirrorTable.open(dir).state();
    assertThat(reopened.lsn()).isEqualTo(Lsn.parse("0/30"));
    assertThat(reopened.dataFile(a.location()).deletedPositions())
        .isEqualTo(Roaring64NavigableMap.bitmapOf(1, 2, 3));
    assertThat(reopened.dataFile(b.location()).deletedPositions())
        .isEqualTo(Roaring64NavigableMap.bitmapOf(19));
  }

  @Test
  void refusesCommitsThatCannotBeRight() {
    MirrorTable table = MirrorTable.create(dir, SCHEMA, "public.t");
    DataFile a = dataFile(table, 10);
    table.commit(Lsn.parse("0/10"), List.of(a), Map.of());

    assertThatThrownBy(() -> table.commit(Lsn.parse("0/9"), List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before");
    assertThatThrownBy(
            () ->
                table.commit(
                    Lsn.parse("0/11"),
                    List.of(),
                    Map.of("/elsewhere.parquet", Roaring64NavigableMap.bitmapOf(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not live");
    assertThatThrownBy(
            () ->
                table.commit(
                    Lsn.parse("0/11"),
                    List.of(),
                    Map.of(a.location(), Roaring64NavigableMap.bitmapOf(10))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beyond");
    assertThat(table.state().lsn()).isEqualTo(Lsn.parse("0/10"));
  }

  @Test
  void compactionReplacesFilesAndTheirDvsAndKeepsTheLsn() {
    MirrorTable table = MirrorTable.create(dir, SCHEMA, "public.t");
    DataFile a = dataFile(table, 10);
    DataFile b = dataFile(table, 20);
    table.commit(
        Lsn.parse("0/10"),
        List.of(a, b),
        Map.of(a.location(), Roaring64NavigableMap.bitmapOf(0, 1)));

    assertThatThrownBy(() -> table.compact(List.of(a.location()), dataFile(table, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8 live rows");
    MirrorState state = table.compact(List.of(a.location()), dataFile(table, 8));

    assertThat(state.lsn()).isEqualTo(Lsn.parse("0/10"));
    assertThat(state.dataFiles()).hasSize(2).allMatch(f -> f.deletedCount() == 0);
    assertThat(table.table().currentSnapshot().summary()).containsEntry("total-delete-files", "0");
    assertThat(MirrorTable.open(dir).state().liveRecordCount()).isEqualTo(28);
  }
}
