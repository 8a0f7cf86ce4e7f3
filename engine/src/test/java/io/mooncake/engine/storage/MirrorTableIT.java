package io.mooncake.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.engine.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

class MirrorTableIT {

  private static final int ROWS = 300;

  @TempDir Path warehouse;
  private Connection duckdb;

  @BeforeEach
  void openDuckDb() throws SQLException {
    duckdb = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duckdb.createStatement()) {
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
    }
  }

  @AfterEach
  void closeDuckDb() throws SQLException {
    duckdb.close();
  }

  @Test
  void atMostMaxSnapshotsAreKeptWhateverTheirAge() throws Exception {
    MirrorTable mirror =
        MirrorTable.create(warehouse.resolve("db/public/many"), TypedRows.SCHEMA, "public.many");
    Schema schema = mirror.schema();
    execute(createMemTable(schema));
    execute(TypedRows.insert("mem", schema, TypedRows.rows(schema, 0, 10)));
    DuckDbParquetWriter writer = new DuckDbParquetWriter(mirror);
    int commits = MirrorTable.MAX_SNAPSHOTS + 20;
    for (int k = 1; k <= commits; k++) {
      List<DataFile> files =
          k % 50 == 1 ? List.of(writer.write(duckdb, "SELECT * FROM mem")) : List.of();
      mirror.commit(Lsn.of(k * 16L), files, Map.of());
    }
    assertThat(mirror.table().snapshots()).hasSize(commits);
    // Nothing is old enough by age: only the count expires the oldest.
    mirror.expireSnapshots(0);
    List<Snapshot> kept = new ArrayList<>();
    mirror.table().snapshots().forEach(kept::add);
    assertThat(kept).hasSizeLessThanOrEqualTo(MirrorTable.MAX_SNAPSHOTS).hasSizeGreaterThan(250);
    assertThat(kept.get(kept.size() - 1).snapshotId())
        .isEqualTo(mirror.table().currentSnapshot().snapshotId());
    // The newest state is whole: every data file committed is still live.
    assertThat(MirrorTable.open(mirror.location()).state().liveRecordCount())
        .isEqualTo(10L * ((commits + 49) / 50));
  }

  @Test
  void flushesDeletesAndReadsBackWithIcebergAndDuckDb() throws Exception {
    Path location = warehouse.resolve("db/public/everything");
    MirrorTable mirror = MirrorTable.create(location, TypedRows.SCHEMA, "public.everything");
    Schema schema = mirror.schema();
    List<Record> rows = TypedRows.rows(schema, 0, ROWS);
    execute(createMemTable(schema));
    execute(TypedRows.insert("mem", schema, rows));

    // Three flushes of the mem slice, one snapshot.
    DuckDbParquetWriter writer = new DuckDbParquetWriter(mirror);
    List<DataFile> files = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      files.add(writer.write(duckdb, "SELECT * FROM mem WHERE id % 3 = " + k + " ORDER BY id"));
    }
    assertThat(files).extracting(DataFile::recordCount).containsExactly(100L, 100L, 100L);
    MirrorState flushed = mirror.commit(Lsn.parse("0/100"), files, Map.of());
    assertThat(flushed.liveRecordCount()).isEqualTo(ROWS);

    // Two delete batches; the second hits file 0 again, so its DV is replaced.
    Map<String, Map<Long, Long>> idAt = idsByPosition(files);
    Set<Long> deletedIds = new HashSet<>();
    mirror.commit(
        Lsn.parse("0/200"),
        List.of(),
        Map.of(files.get(0).location(), positions(0, 5), files.get(1).location(), positions(1)));
    String dvBefore = mirror.state().dataFile(files.get(0).location()).deletionVector().location();
    MirrorState state =
        mirror.commit(
            Lsn.parse("1/300"),
            List.of(),
            Map.of(
                files.get(0).location(), positions(7, 99), files.get(2).location(), positions(2)));
    for (var e : Map.of(0, List.of(0L, 5L, 7L, 99L), 1, List.of(1L), 2, List.of(2L)).entrySet()) {
      e.getValue()
          .forEach(pos -> deletedIds.add(idAt.get(files.get(e.getKey()).location()).get(pos)));
    }
    assertThat(deletedIds).hasSize(6);
    LiveDataFile first = state.dataFile(files.get(0).location());
    assertThat(first.deletedCount()).isEqualTo(4);
    assertThat(first.deletionVector().location()).isNotEqualTo(dvBefore);
    assertThat(state.liveRecordCount()).isEqualTo(ROWS - 6);
    try (CloseableIterable<FileScanTask> tasks = mirror.table().newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        assertThat(task.deletes()).as("one live DV per data file").hasSizeLessThanOrEqualTo(1);
      }
    }

    Map<Long, Record> expected =
        rows.stream()
            .filter(r -> !deletedIds.contains((Long) r.getField("id")))
            .collect(
                Collectors.toMap(r -> (Long) r.getField("id"), r -> r, (a, b) -> a, TreeMap::new));

    // (a) Iceberg Java's generic reader applies the DVs and decodes every type.
    Map<Long, Record> read = new TreeMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(mirror.table()).build()) {
      records.forEach(r -> read.put((Long) r.getField("id"), r.copy()));
    }
    assertThat(read.keySet()).isEqualTo(expected.keySet());
    for (Long id : expected.keySet()) {
      for (Types.NestedField f : schema.columns()) {
        assertThat(read.get(id).getField(f.name()))
            .as("row %s column %s", id, f.name())
            .isEqualTo(expected.get(id).getField(f.name()));
      }
    }

    // (b) DuckDB through the scan SQL gives the expected rows.
    String expectedSql =
        "SELECT * FROM mem WHERE id NOT IN ("
            + deletedIds.stream().map(String::valueOf).collect(Collectors.joining(", "))
            + ")";
    DiskSliceScan scan = new DiskSliceScan(state, schema);
    scan.loadDeletes(duckdb, "deleted_positions");
    assertSameRows(scan.sql("deleted_positions"), expectedSql, ROWS - 6);

    // (c) Every snapshot carries the LSN it covers.
    assertThat(mirror.table().currentSnapshot().summary())
        .containsEntry(MirrorTable.LSN_SUMMARY_KEY, "1/300");
    List<String> lsns = new ArrayList<>();
    for (Snapshot s : mirror.table().snapshots()) {
      lsns.add(s.summary().get(MirrorTable.LSN_SUMMARY_KEY));
    }
    assertThat(lsns).containsExactly("0/100", "0/200", "1/300");
    assertThat(state.lsn()).isEqualTo(Lsn.parse("1/300"));

    // (d) A fresh object opened by path sees the same state.
    MirrorState reopened = MirrorTable.open(location).state();
    assertThat(reopened.lsn()).isEqualTo(state.lsn());
    assertThat(reopened.snapshotId()).isEqualTo(state.snapshotId());
    assertThat(summary(reopened)).isEqualTo(summary(state));
    assertThat(location.resolve("metadata/version-hint.text")).hasContent("4");

    // Compaction: files 0 and 1 with their DVs become one file of their live rows; LSN unchanged.
    List<String> inputs = List.of(files.get(0).location(), files.get(1).location());
    DiskSliceScan inputScan = new DiskSliceScan(state, schema).only(inputs);
    inputScan.loadDeletes(duckdb, "compaction_deletes");
    DataFile compacted = writer.write(duckdb, inputScan.sql("compaction_deletes"));
    assertThat(compacted.recordCount()).isEqualTo(200 - 5);
    MirrorState afterCompaction = mirror.compact(inputs, compacted);
    assertThat(afterCompaction.lsn()).isEqualTo(state.lsn());
    assertThat(afterCompaction.dataFiles()).hasSize(2);
    assertThat(afterCompaction.liveRecordCount()).isEqualTo(ROWS - 6);
    assertThat(mirror.table().currentSnapshot().operation()).isEqualTo("replace");
    assertThat(mirror.table().currentSnapshot().summary())
        .containsEntry(MirrorTable.LSN_SUMMARY_KEY, "1/300");
    Set<Long> compactedIds = new HashSet<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(mirror.table()).build()) {
      records.forEach(r -> compactedIds.add((Long) r.getField("id")));
    }
    assertThat(compactedIds).isEqualTo(expected.keySet());
    DiskSliceScan compactedScan = new DiskSliceScan(afterCompaction, schema);
    compactedScan.loadDeletes(duckdb, "deleted_positions");
    assertSameRows(compactedScan.sql("deleted_positions"), expectedSql, ROWS - 6);
    assertThat(summary(MirrorTable.open(location).state())).isEqualTo(summary(afterCompaction));

    // (e) Data files carry column metrics readers can prune with.
    try (CloseableIterable<FileScanTask> tasks =
        mirror.table().newScan().includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        assertThat(file.valueCounts()).containsKeys(1, 2, 16);
        assertThat(file.nullValueCounts()).containsEntry(1, 0L);
        assertThat(file.lowerBounds()).containsKeys(1, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertThat(file.upperBounds()).containsKeys(1, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        long min = Conversions.fromByteBuffer(Types.LongType.get(), file.lowerBounds().get(1));
        long max = Conversions.fromByteBuffer(Types.LongType.get(), file.upperBounds().get(1));
        assertThat(max - min).isEqualTo(297);
      }
    }
  }

  @Test
  void nestedColumnsCarryTheirFieldIds() throws Exception {
    Schema requested =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(
                2, "tags", Types.ListType.ofOptional(3, Types.StringType.get())),
            Types.NestedField.optional(
                4,
                "point \"p\"",
                Types.StructType.of(
                    Types.NestedField.optional(5, "x", Types.IntegerType.get()),
                    Types.NestedField.optional(6, "it's", Types.StringType.get()))),
            Types.NestedField.optional(
                7,
                "attrs",
                Types.MapType.ofOptional(8, 9, Types.StringType.get(), Types.LongType.get())));
    MirrorTable mirror =
        MirrorTable.create(warehouse.resolve("nested"), requested, "public.nested");
    Schema schema = mirror.schema();
    execute(createMemTable(schema));
    execute(
        "INSERT INTO mem VALUES (1, ['a', NULL, 'c'], {'x': 7, 'it''s': 'yes'}, MAP {'k': 1, 'l': NULL}),"
            + " (2, [], NULL, MAP {}), (3, NULL, {'x': NULL, 'it''s': NULL}, NULL)");
    DataFile file = new DuckDbParquetWriter(mirror).write(duckdb, "SELECT * FROM mem");
    mirror.commit(Lsn.parse("0/1"), List.of(file), Map.of());

    Map<Long, Record> read = new TreeMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(mirror.table()).build()) {
      records.forEach(r -> read.put((Long) r.getField("id"), r.copy()));
    }
    assertThat(read).hasSize(3);
    Record one = read.get(1L);
    assertThat(one.getField("tags")).isEqualTo(java.util.Arrays.asList("a", null, "c"));
    Record point = (Record) one.getField("point \"p\"");
    assertThat(point.getField("x")).isEqualTo(7);
    assertThat(point.getField("it's")).isEqualTo("yes");
    Map<String, Long> attrs = new HashMap<>();
    attrs.put("k", 1L);
    attrs.put("l", null);
    assertThat(one.getField("attrs")).isEqualTo(attrs);
    assertThat(read.get(2L).getField("tags")).isEqualTo(List.of());
    assertThat(read.get(2L).getField("attrs")).isEqualTo(Map.of());
    assertThat(read.get(3L).getField("tags")).isNull();
    assertThat(((Record) read.get(3L).getField("point \"p\"")).getField("x")).isNull();
    assertSameRows(new DiskSliceScan(mirror.state(), schema).sql("unused"), "SELECT * FROM mem", 3);
  }

  @Test
  void aSingleRowDeleteWritesOneSmallPuffinFileAndLeavesTheDataFileAlone() throws Exception {
    Path location = warehouse.resolve("db/public/big");
    MirrorTable mirror = MirrorTable.create(location, TypedRows.SCHEMA, "public.big");
    execute(createMemTable(mirror.schema()));
    execute(
        "INSERT INTO mem (id, l, s) SELECT range, range * 7, 'row ' || range FROM range(100000)");
    DataFile file = new DuckDbParquetWriter(mirror).write(duckdb, "SELECT * FROM mem");
    mirror.commit(Lsn.parse("0/10"), List.of(file), Map.of());
    Path dataPath = Path.of(file.location());
    byte[] before = Files.readAllBytes(dataPath);
    Set<Path> filesBefore = listFiles(location);

    mirror.commit(Lsn.parse("0/20"), List.of(), Map.of(file.location(), positions(4321)));

    assertThat(Files.readAllBytes(dataPath)).isEqualTo(before);
    Set<Path> added = new HashSet<>(listFiles(location));
    added.removeAll(filesBefore);
    Map<String, Long> sizes = new TreeMap<>();
    for (Path p : added) {
      sizes.put(location.relativize(p).toString(), Files.size(p));
    }
    System.out.println(
        "files written by a one-row delete on a " + before.length + "-byte data file: " + sizes);
    List<String> puffins =
        sizes.keySet().stream().filter(n -> n.endsWith(".puffin")).collect(Collectors.toList());
    assertThat(puffins).hasSize(1);
    assertThat(puffins.get(0)).startsWith("data/");
    assertThat(sizes.get(puffins.get(0))).isLessThan(1024);
    assertThat(sizes.keySet()).noneMatch(n -> n.endsWith(".parquet"));
    assertThat(sizes.values().stream().mapToLong(Long::longValue).sum())
        .isLessThan(before.length / 4);
  }

  @Test
  void smallintsWrittenIn16BitsAreIcebergIntsWithTheirBounds() throws Exception {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "s", Types.IntegerType.get()));
    MirrorTable mirror =
        MirrorTable.create(warehouse.resolve("db/public/small"), schema, "public.small");
    execute(
        "CREATE TABLE small AS SELECT range AS id, CASE WHEN range = 7 THEN NULL"
            + " ELSE CAST(range * 300 - 32768 AS SMALLINT) END AS s FROM range(219)");
    DataFile file =
        new DuckDbParquetWriter(mirror, Set.of(2)).write(duckdb, "SELECT * FROM small ORDER BY id");
    mirror.commit(Lsn.parse("0/100"), List.of(file), Map.of());

    // DuckDB reads the column in the PostgreSQL column's type: no cast stands before a filter.
    assertThat(
            queryString(
                "SELECT typeof(s) FROM read_parquet(" + SqlText.literal(file.location()) + ")"))
        .isEqualTo("SMALLINT");
    // Iceberg Java reads it as its int, with the file's bounds.
    Map<Long, Object> read = new TreeMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(mirror.table()).build()) {
      records.forEach(r -> read.put((Long) r.getField("id"), r.getField("s")));
    }
    assertThat(read).hasSize(219).containsEntry(7L, null).containsEntry(0L, -32768);
    assertThat(read.get(218L)).isEqualTo(218 * 300 - 32768);
    assertThat(
            (Integer)
                Conversions.fromByteBuffer(Types.IntegerType.get(), file.lowerBounds().get(2)))
        .isEqualTo(-32768);
    assertThat(
            (Integer)
                Conversions.fromByteBuffer(Types.IntegerType.get(), file.upperBounds().get(2)))
        .isEqualTo(218 * 300 - 32768);
    assertThat(file.nullValueCounts()).containsEntry(2, 1L);
  }

  private static Roaring64NavigableMap positions(long... positions) {
    return Roaring64NavigableMap.bitmapOf(positions);
  }

  private static String createMemTable(Schema schema) {
    return schema.columns().stream()
        .map(f -> SqlText.identifier(f.name()) + " " + DuckDbTypes.sqlType(f.type()))
        .collect(Collectors.joining(", ", "CREATE TABLE mem (", ")"));
  }

  private Map<String, Map<Long, Long>> idsByPosition(List<DataFile> files) throws SQLException {
    Map<String, Map<Long, Long>> ids = new HashMap<>();
    for (DataFile f : files) {
      Map<Long, Long> byPosition = new HashMap<>();
      try (Statement s = duckdb.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT file_row_number, id FROM read_parquet("
                      + SqlText.literal(f.location())
                      + ")")) {
        while (r.next()) {
          byPosition.put(r.getLong(1), r.getLong(2));
        }
      }
      ids.put(f.location(), byPosition);
    }
    return ids;
  }

  private void assertSameRows(String actualSql, String expectedSql, long count)
      throws SQLException {
    assertThat(queryLong("SELECT count(*) FROM (" + actualSql + ")")).isEqualTo(count);
    assertThat(
            queryLong(
                "SELECT count(*) FROM ((" + actualSql + ") EXCEPT ALL (" + expectedSql + "))"))
        .isZero();
    assertThat(
            queryLong(
                "SELECT count(*) FROM ((" + expectedSql + ") EXCEPT ALL (" + actualSql + "))"))
        .isZero();
  }

  private String queryString(String sql) throws SQLException {
    try (Statement s = duckdb.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

  private long queryLong(String sql) throws SQLException {
    try (Statement s = duckdb.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = duckdb.createStatement()) {
      s.execute(sql);
    }
  }

  private static Map<String, String> summary(MirrorState state) {
    Map<String, String> out = new TreeMap<>();
    for (LiveDataFile f : state.dataFiles()) {
      out.put(
          f.path(),
          f.recordCount()
              + " rows, "
              + f.fileSizeInBytes()
              + " bytes, deleted "
              + f.deletedPositions());
    }
    return out;
  }

  private static Set<Path> listFiles(Path root) throws java.io.IOException {
    try (var walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).collect(Collectors.toSet());
    }
  }
}
