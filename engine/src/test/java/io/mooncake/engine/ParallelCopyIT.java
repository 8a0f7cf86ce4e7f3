package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooncake.engine.wal.ExportedSnapshot;
import io.mooncake.engine.wal.LogicalSlot;
import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The initial copy of a large source, cut into ranges of heap blocks (and partitions) that several
 * connections copy at once in the same exported snapshot, while the source is written: each row of
 * the snapshot is copied once, and the mirror then equals its source. The threshold from which a
 * source is cut is lowered, so that small tables are.
 */
@Timeout(300)
class ParallelCopyIT {

  private static final EmbeddedPg PG = PgFixture.get();

  /** A source from this size on is cut; the tables below are about 1 MB. */
  private static final long PARALLEL_FROM_BYTES = 64 * 1024;

  private static final int ROWS = 30_000;

  @TempDir Path warehouse;

  private Engine start(String db) {
    Engine engine =
        Engine.start(EngineTests.settings(db, warehouse, 2_000, Duration.ofMillis(300), null));
    engine.parallelCopyFrom(PARALLEL_FROM_BYTES);
    return engine;
  }

  @Test
  void eachRowOfTheSnapshotIsCopiedOnceWhileUpdatesMoveRowsBetweenRanges() throws Exception {
    String db = PG.createDatabase("engine_parallel_ranges");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db));
        Engine engine = start(db)) {
      createTable(pg, "t");
      // A SELECT of t reads its inheritance child too, and so does each range (in the child's own
      // blocks, which are more than t's).
      EngineTests.exec(
          pg,
          "CREATE TABLE t_child (extra int) INHERITS (t)",
          "INSERT INTO t_child SELECT g, 'c' || g, 0, g FROM generate_series(-2 * "
              + ROWS
              + ", -1) g");
      SourceTable source = SourceTable.describe(pg, MirrorName.parse("t"));
      LogicalSlot slot = new LogicalSlot("parallel_copy_test");
      try (Writer writer = new Writer(PG.jdbcUrl(db), "t", 1).start()) {
        EngineTests.await("writes", Duration.ofSeconds(30), () -> writer.commits() > 20);
        try (ExportedSnapshot snapshot =
                slot.createWithExportedSnapshot(
                    engine.settings().pgUrl(), engine.settings().pgProperties());
            Connection first = engine.connect();
            Connection check = engine.connect()) {
          SnapshotCopy.importSnapshot(check, snapshot.snapshotName());
          List<String> expected =
              EngineTests.column(check, "SELECT id || ',' || v || ',' || n FROM t");
          expected.sort(null);
          SnapshotCopy.importSnapshot(first, snapshot.snapshotName());
          CopyProgress progress = new CopyProgress(rows -> {});
          List<Path> files =
              new SnapshotCopy(engine, snapshot.snapshotName(), progress)
                  .run(first, source, warehouse.resolve("copy"));
          assertThat(files)
              .as("one file per connection")
              .hasSize(Math.min(4, Runtime.getRuntime().availableProcessors()));
          List<String> copied = new ArrayList<>();
          for (Path f : files) {
            copied.addAll(Files.readAllLines(f));
          }
          copied.sort(null);
          assertThat(copied).isEqualTo(expected);
          assertThat(progress.rows()).isEqualTo(expected.size());
        } finally {
          slot.drop(pg);
        }
      }
    }
  }

  @Test
  void aMirrorOfATableCopiedInRangesWhileWrittenEqualsItsSource() throws Exception {
    String db = PG.createDatabase("engine_parallel_mirror");
    MirrorName mirror = new MirrorName("public", "t_cs");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db) + "&preferQueryMode=simple");
        Engine engine = start(db)) {
      createTable(pg, "t");
      try (Writer writer = new Writer(PG.jdbcUrl(db), "t", 2).start()) {
        EngineTests.await("writes", Duration.ofSeconds(30), () -> writer.commits() > 20);
        engine.createMirror("t_cs", "t");
        int after = writer.commits();
        EngineTests.await("writes", Duration.ofSeconds(30), () -> writer.commits() > after + 20);
      }
      engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
      MirrorComparison.assertEqual(engine, mirror, pg, "t", "after a copy under writes");
      assertLeftNothing(pg);
    }
  }

  @Test
  void aMirrorOfAPartitionedTableCopiedByPartitionWhileWrittenEqualsItsSource() throws Exception {
    String db = PG.createDatabase("engine_parallel_partitions");
    MirrorName mirror = new MirrorName("public", "p_cs");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db) + "&preferQueryMode=simple");
        Engine engine = start(db)) {
      // Partitions of unequal sizes (the largest is cut into ranges), one of them partitioned
      // itself, one empty.
      EngineTests.exec(
          pg,
          "CREATE TABLE p (id int, v text, n int, PRIMARY KEY (id)) PARTITION BY RANGE (id)",
          "CREATE TABLE p_low PARTITION OF p FOR VALUES FROM (0) TO (2000)",
          "CREATE TABLE p_mid PARTITION OF p FOR VALUES FROM (2000) TO (20000)"
              + " PARTITION BY RANGE (id)",
          "CREATE TABLE p_mid_a PARTITION OF p_mid FOR VALUES FROM (2000) TO (8000)",
          "CREATE TABLE p_mid_b PARTITION OF p_mid FOR VALUES FROM (8000) TO (20000)",
          "CREATE TABLE p_high PARTITION OF p FOR VALUES FROM (20000) TO (MAXVALUE)",
          "CREATE TABLE p_none PARTITION OF p FOR VALUES FROM (MINVALUE) TO (0)"
              + " PARTITION BY RANGE (id)",
          "INSERT INTO p SELECT g, 'r' || g, 0 FROM generate_series(1, " + ROWS + ") g",
          "ANALYZE p");
      try (Writer writer = new Writer(PG.jdbcUrl(db), "p", 3).start()) {
        EngineTests.await("writes", Duration.ofSeconds(30), () -> writer.commits() > 20);
        engine.createMirror("p_cs", "p");
        int after = writer.commits();
        EngineTests.await("writes", Duration.ofSeconds(30), () -> writer.commits() > after + 20);
      }
      engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
      MirrorComparison.assertEqual(engine, mirror, pg, "p", "after a copy under writes");
      assertLeftNothing(pg);
    }
  }

  @Test
  void aConnectionThatFailsFailsTheWholeCopy() throws Exception {
    String db = PG.createDatabase("engine_parallel_failure");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db));
        Engine engine = start(db)) {
      createTable(pg, "t");
      SourceTable source = SourceTable.describe(pg, MirrorName.parse("t"));
      LogicalSlot slot = new LogicalSlot("parallel_copy_failure_test");
      Path directory = warehouse.resolve("copy");
      // The second connection cannot write its file.
      Files.createDirectories(directory.resolve("part-1.csv"));
      try (ExportedSnapshot snapshot =
              slot.createWithExportedSnapshot(
                  engine.settings().pgUrl(), engine.settings().pgProperties());
          Connection first = engine.connect()) {
        SnapshotCopy.importSnapshot(first, snapshot.snapshotName());
        SnapshotCopy copy =
            new SnapshotCopy(engine, snapshot.snapshotName(), new CopyProgress(rows -> {}));
        if (Runtime.getRuntime().availableProcessors() > 1) {
          assertThatThrownBy(() -> copy.run(first, source, directory))
              .isInstanceOf(IOException.class);
          assertThat(first.isClosed()).as("the other connections are aborted").isTrue();
        }
      } finally {
        slot.drop(pg);
      }
      assertThat(EngineTests.slots(pg)).doesNotContain(slot.name());
    }
  }

  /** {@code table} with {@link #ROWS} rows, packed in full pages (so updates move rows). */
  private static void createTable(Connection pg, String table) throws SQLException {
    EngineTests.exec(
        pg,
        "CREATE TABLE " + table + " (id int PRIMARY KEY, v text, n int)",
        "INSERT INTO " + table + " SELECT g, 'r' || g, 0 FROM generate_series(1, " + ROWS + ") g",
        "ANALYZE " + table);
  }

  /** No copy's slot, and no copy's files in the warehouse. */
  private void assertLeftNothing(Connection pg) throws Exception {
    assertThat(EngineTests.slots(pg)).noneMatch(s -> s.contains("_copy_"));
    try (Stream<Path> files = Files.list(warehouse)) {
      assertThat(files).noneMatch(p -> p.getFileName().toString().startsWith(".copy-"));
    }
  }

  /**
   * Small transactions on {@code table} from a thread of its own, all over the table: inserts of
   * new ids, updates of random rows (which move them to other blocks, and for a partitioned table
   * to other partitions), deletes of random rows.
   */
  private static final class Writer implements AutoCloseable {

    private final String url;
    private final String table;
    private final SplittableRandom random;
    private final AtomicInteger commits = new AtomicInteger();
    private final Thread thread;
    private volatile boolean writing = true;
    private volatile SQLException failure;

    Writer(String url, String table, long seed) {
      this.url = url;
      this.table = table;
      this.random = new SplittableRandom(seed);
      this.thread = new Thread(this::run, "writer-" + table);
    }

    Writer start() {
      thread.start();
      return this;
    }

    int commits() {
      return commits.get();
    }

    private void run() {
      int nextId = 1_000_000;
      try (Connection c = DriverManager.getConnection(url)) {
        while (writing) {
          int id = 1 + random.nextInt(ROWS);
          EngineTests.exec(
              c,
              "INSERT INTO " + table + " VALUES (" + nextId++ + ", 'new', 0)",
              "UPDATE "
                  + table
                  + " SET n = n + 1, v = v || '+' WHERE id = "
                  + (1 + random.nextInt(ROWS)),
              // A row moved to another partition: its id is changed to one not taken.
              "UPDATE " + table + " SET id = " + nextId++ + " WHERE id = " + id,
              "DELETE FROM " + table + " WHERE id = " + (1 + random.nextInt(ROWS)));
          commits.incrementAndGet();
        }
      } catch (SQLException e) {
        failure = e;
      }
    }

    /** Stops after the transaction in flight; fails if a write failed. */
    @Override
    public void close() throws SQLException {
      writing = false;
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
