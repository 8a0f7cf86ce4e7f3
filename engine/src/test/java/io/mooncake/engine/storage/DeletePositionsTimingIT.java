package io.mooncake.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.engine.Lsn;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * Measures how the deleted positions of a 2M-row file reach DuckDB (appender into a temporary table
 * vs. a VALUES list in the SQL text) for 1k and 1M deletes, plus the DV commit and reload. Prints
 * the figures; asserts only that every way gives the same count. Takes about a minute, so it runs
 * only on request: {@code mvn -B verify -pl engine -am -Dit.test=DeletePositionsTimingIT
 * -Dmooncake.timings=true}.
 */
@EnabledIfSystemProperty(named = "mooncake.timings", matches = "true")
class DeletePositionsTimingIT {

  private static final long ROWS = 2_000_000;

  @TempDir Path warehouse;

  @Test
  void appenderAndValuesListFor1kAnd1MDeletes() throws Exception {
    Schema requested =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "v", Types.StringType.get()));
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
      for (int deletes : new int[] {1_000, 1_000_000}) {
        MirrorTable mirror =
            MirrorTable.create(warehouse.resolve("t" + deletes), requested, "public.t");
        long t0 = System.nanoTime();
        DataFile file =
            new DuckDbParquetWriter(mirror)
                .write(
                    duckdb, "SELECT range AS id, 'value ' || range AS v FROM range(" + ROWS + ")");
        mirror.commit(Lsn.parse("0/1"), List.of(file), Map.of());
        long t1 = System.nanoTime();
        Roaring64NavigableMap positions = new Roaring64NavigableMap();
        SplittableRandom random = new SplittableRandom(deletes);
        while (positions.getLongCardinality() < deletes) {
          positions.addLong(random.nextLong(ROWS));
        }
        MirrorState state =
            mirror.commit(Lsn.parse("0/2"), List.of(), Map.of(file.location(), positions));
        long t2 = System.nanoTime();
        MirrorState reopened = MirrorTable.open(mirror.location()).state();
        long t3 = System.nanoTime();
        assertThat(reopened.liveRecordCount()).isEqualTo(ROWS - deletes);
        report(deletes, "flush 2M rows + commit", t1 - t0);
        report(deletes, "commit DV", t2 - t1);
        report(deletes, "open table (reads DV)", t3 - t2);

        DiskSliceScan scan = new DiskSliceScan(state, mirror.schema());
        for (int round = 0; round < 2; round++) {
          long a = System.nanoTime();
          scan.loadDeletes(duckdb, "dv");
          long b = System.nanoTime();
          long viaTable = count(duckdb, scan.sql("dv"));
          long c = System.nanoTime();
          String inline = scan.scan(valuesList(scan));
          long d = System.nanoTime();
          // The VALUES list needs ~26 s for 1M positions: measured once.
          long viaValues = round == 0 && deletes > 10_000 ? ROWS - deletes : count(duckdb, inline);
          long e = System.nanoTime();
          assertThat(viaTable).isEqualTo(ROWS - deletes);
          assertThat(viaValues).isEqualTo(ROWS - deletes);
          if (round == 1) {
            report(deletes, "appender load", b - a);
            report(deletes, "count(*) anti-joined with temp table", c - b);
            report(deletes, "build VALUES text (" + inline.length() / 1024 + " KiB)", d - c);
            report(deletes, "count(*) anti-joined with VALUES", e - d);
          }
        }
        long f = System.nanoTime();
        long plain =
            count(duckdb, "SELECT id FROM read_parquet(" + SqlText.literal(file.location()) + ")");
        report(deletes, "count(*) without deletes (baseline)", System.nanoTime() - f);
        assertThat(plain).isEqualTo(ROWS);
      }
    }
  }

  /** The alternative measured against the temporary table: positions spelled out in the SQL. */
  private static String valuesList(DiskSliceScan scan) {
    StringBuilder values = new StringBuilder("(SELECT * FROM (VALUES ");
    List<LiveDataFile> files = scan.files();
    for (int i = 0; i < files.size(); i++) {
      int fileIndex = i;
      files
          .get(i)
          .deletedShared()
          .forEach(
              pos -> values.append('(').append(fileIndex).append(", ").append(pos).append("), "));
    }
    values.setLength(values.length() - 2);
    return values.append(") AS v(file_index, pos))").toString();
  }

  private static long count(Connection duckdb, String sql) throws SQLException {
    try (Statement s = duckdb.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM (" + sql + ")")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static void report(int deletes, String what, long nanos) {
    System.out.printf(
        Locale.ROOT, "TIMING %,9d deletes: %-45s %8.1f ms%n", deletes, what, nanos / 1e6);
  }
}
