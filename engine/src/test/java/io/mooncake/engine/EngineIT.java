package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooncake.engine.storage.MirrorTable;
import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mirror's life on a real PostgreSQL: copy, changes, snapshot, restart, drop. */
class EngineIT {

  private static final EmbeddedPg PG = PgFixture.get();

  @TempDir Path warehouse;

  private Engine.Settings settings(String db) {
    return EngineTests.settings(db, warehouse, 500, Duration.ofMillis(300), null);
  }

  @Test
  void mirrorFollowsItsSourceThroughCopyChangesSnapshotRestartAndDrop() throws Exception {
    String db = PG.createDatabase("engine_life");
    MirrorName mirror = new MirrorName("public", "orders_cs");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db) + "&preferQueryMode=simple")) {
      EngineTests.exec(
          pg,
          "CREATE TABLE orders (id int PRIMARY KEY, customer text, amount numeric(10,2),"
              + " note text, at timestamptz DEFAULT '2024-01-01 00:00:00+00')",
          "INSERT INTO orders (id, customer, amount, note) SELECT g, 'c' || (g % 10),"
              + " g * 1.5, CASE WHEN g % 7 = 0 THEN NULL ELSE repeat('x', g % 5) END"
              + " FROM generate_series(1, 2000) g");

      // Writes keep going while the mirror is created: nothing lost, nothing doubled.
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger written = new AtomicInteger();
      Thread writer =
          new Thread(
              () -> {
                try (Connection w = DriverManager.getConnection(PG.jdbcUrl(db))) {
                  int id = 10_000;
                  while (writing.get()) {
                    EngineTests.exec(
                        w,
                        "INSERT INTO orders (id, customer, amount) VALUES (" + id + ", 'w', 1)",
                        "UPDATE orders SET amount = amount + 1 WHERE id = " + (1 + id % 2000),
                        "DELETE FROM orders WHERE id = " + (id - 5));
                    id++;
                    written.incrementAndGet();
                  }
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      Engine engine = Engine.start(settings(db));
      try {
        writer.start();
        Thread.sleep(50);
        engine.createMirror("orders_cs", "orders");
        Thread.sleep(100);
        writing.set(false);
        writer.join();
        assertThat(written.get()).isPositive();

        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        assertThat(MirrorComparison.mirrorRows(engine, mirror))
            .isEqualTo(MirrorComparison.sourceRows(pg, "orders"));

        // Every kind of change, including a key update, a TOASTed value left unchanged and a
        // rolled-back transaction.
        EngineTests.exec(
            pg,
            "ALTER TABLE orders ALTER COLUMN note SET STORAGE EXTERNAL",
            "UPDATE orders SET note = repeat('toast', 2000) WHERE id = 3",
            "UPDATE orders SET amount = 99.99 WHERE id = 3",
            "UPDATE orders SET id = 100000 WHERE id = 4",
            "DELETE FROM orders WHERE id BETWEEN 10 AND 20",
            "BEGIN",
            "DELETE FROM orders",
            "ROLLBACK",
            "INSERT INTO orders (id, customer) VALUES (10, 'back again')");
        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        assertThat(MirrorComparison.mirrorRows(engine, mirror))
            .isEqualTo(MirrorComparison.sourceRows(pg, "orders"));

        // An Iceberg reader sees exactly the source after create_snapshot.
        engine.createSnapshot("orders_cs");
        long pgCount;
        try (ResultSet rs = pg.createStatement().executeQuery("SELECT count(*) FROM orders")) {
          rs.next();
          pgCount = rs.getLong(1);
        }
        MirrorTable table = MirrorTable.open(locationOf(pg, mirror));
        long icebergCount = 0;
        try (CloseableIterable<Record> records = IcebergGenerics.read(table.table()).build()) {
          for (Record r : records) {
            icebergCount++;
            if (r.getField("id").equals(3)) {
              assertThat(r.getField("note").toString()).hasSize(10_000);
              assertThat(r.getField("amount").toString()).isEqualTo("99.99");
            }
          }
        }
        assertThat(icebergCount).isEqualTo(pgCount);
        assertThat(table.state().lsn()).isGreaterThan(Lsn.ZERO);

        EngineTests.exec(pg, "INSERT INTO orders (id, customer) VALUES (200000, 'before restart')");
        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
      } finally {
        engine.close();
      }

      // Written while no engine runs: the slot keeps it for the next start.
      EngineTests.exec(
          pg,
          "INSERT INTO orders (id, customer) VALUES (200001, 'while stopped')",
          "TRUNCATE orders",
          "INSERT INTO orders (id, customer) VALUES (1, 'after truncate')");
      try (Engine again = Engine.start(settings(db))) {
        again.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        assertThat(MirrorComparison.mirrorRows(again, mirror))
            .isEqualTo(MirrorComparison.sourceRows(pg, "orders"));

        try (ResultSet rs =
            pg.createStatement()
                .executeQuery(
                    "SELECT state, source_table FROM mooncake.columnstore_tables"
                        + " WHERE table_name = 'orders_cs'")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("streaming");
          assertThat(rs.getString(2)).isEqualTo("orders");
        }

        Path location = locationOf(pg, mirror);
        again.dropMirror("orders_cs");
        assertThat(Files.exists(location)).isFalse();
        try (ResultSet rs =
            pg.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM pg_replication_slots WHERE database ="
                        + " current_database()")) {
          rs.next();
          assertThat(rs.getInt(1)).as("no slot is left").isZero();
        }
        assertThat(count(pg, "SELECT count(*) FROM mooncake.dropped_mirrors"))
            .as("a finished drop leaves nothing to delete")
            .isZero();
        assertThatThrownBy(() -> again.dropMirror("orders_cs"))
            .isInstanceOf(EngineException.class)
            .extracting(e -> ((EngineException) e).sqlState())
            .isEqualTo("42P01");
      }
    }
  }

  @Test
  void filesOfADropThatDiedAreDeletedByTheNextOwner() throws Exception {
    String db = PG.createDatabase("engine_died_drop");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db))) {
      EngineTests.exec(
          pg,
          "CREATE TABLE gone (id int PRIMARY KEY)",
          "INSERT INTO gone SELECT generate_series(1, 100)",
          "CREATE TABLE kept (id int PRIMARY KEY)",
          "INSERT INTO kept SELECT generate_series(1, 50)");
      MirrorName gone = new MirrorName("public", "gone_cs");
      MirrorName kept = new MirrorName("public", "kept_cs");
      Path goneFiles;
      Path keptFiles;
      try (Engine engine = Engine.start(settings(db))) {
        engine.createMirror("gone_cs", "gone");
        engine.createMirror("kept_cs", "kept");
        engine.createSnapshot("gone_cs");
        goneFiles = locationOf(pg, gone);
        keptFiles = locationOf(pg, kept);
      }
      assertThat(Files.exists(goneFiles)).isTrue();
      // A drop that died after its catalog step, before deleting the files: the state it leaves.
      new MirrorCatalog(pg).delete(gone);
      // And an older drop of a mirror that was created again at the same place since.
      EngineTests.exec(
          pg,
          "INSERT INTO mooncake.dropped_mirrors (location, mirror) VALUES ('"
              + keptFiles.toString().replace("'", "''")
              + "', 'public.kept_cs')");
      assertThat(count(pg, "SELECT count(*) FROM mooncake.dropped_mirrors")).isEqualTo(2);
      try (Engine again = Engine.start(settings(db))) {
        assertThat(Files.exists(goneFiles)).as("the died drop's files").isFalse();
        assertThat(count(pg, "SELECT count(*) FROM mooncake.dropped_mirrors")).isZero();
        // The mirror living at a dropped place keeps its files and its rows.
        EngineTests.exec(pg, "INSERT INTO kept VALUES (51)");
        again.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        assertThat(MirrorComparison.mirrorRows(again, kept))
            .isEqualTo(MirrorComparison.sourceRows(pg, "kept"));
        assertThat(Files.exists(keptFiles)).isTrue();
        again.dropMirror("kept_cs");
      }
    }
  }

  private static long count(Connection pg, String sql) throws SQLException {
    try (ResultSet rs = pg.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void badRequestsHaveTheirSqlStates() throws Exception {
    String db = PG.createDatabase("engine_errors");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db));
        Engine engine = Engine.start(settings(db))) {
      EngineTests.exec(
          pg,
          "CREATE TABLE t (id int PRIMARY KEY)",
          "CREATE VIEW v AS SELECT * FROM t",
          "CREATE UNLOGGED TABLE u (id int)");
      assertThatThrownBy(() -> engine.createMirror("m", "missing"))
          .extracting(e -> ((EngineException) e).sqlState())
          .isEqualTo("42P01");
      assertThatThrownBy(() -> engine.createMirror("m", "v"))
          .extracting(e -> ((EngineException) e).sqlState())
          .isEqualTo("0A000");
      assertThatThrownBy(() -> engine.createMirror("m", "u"))
          .extracting(e -> ((EngineException) e).sqlState())
          .isEqualTo("0A000");
      assertThatThrownBy(() -> engine.createMirror("m".repeat(64), "t"))
          .extracting(e -> ((EngineException) e).sqlState())
          .isEqualTo("42622");
      assertThatThrownBy(() -> engine.createMirror("t", "t"))
          .extracting(e -> ((EngineException) e).sqlState())
          .isEqualTo("42P07");
      engine.createMirror("m", "t");
      assertThatThrownBy(() -> engine.createMirror("m", "t"))
          .extracting(e -> ((EngineException) e).sqlState())
          .isEqualTo("42P07");
      // The source keeps working.
      EngineTests.exec(pg, "INSERT INTO t VALUES (1)");
      engine.dropMirror("m");
    }
  }

  @Test
  void renamedSourcesAreFollowedAndDroppedSourcesDropTheirMirror() throws Exception {
    String db = PG.createDatabase("engine_source_ddl");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db) + "&preferQueryMode=simple");
        Engine engine = Engine.start(settings(db))) {
      EngineTests.exec(
          pg, "CREATE TABLE a (id int PRIMARY KEY, v text)", "INSERT INTO a VALUES (1, 'x')");
      engine.createMirror("a_cs", "a");
      EngineTests.exec(pg, "ALTER TABLE a RENAME TO b", "INSERT INTO b VALUES (2, 'after rename')");
      engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
      MirrorName mirror = new MirrorName("public", "a_cs");
      assertThat(MirrorComparison.mirrorRows(engine, mirror))
          .isEqualTo(MirrorComparison.sourceRows(pg, "b"));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!engine.mirrors().get(mirror).source().name().equals("b")
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(engine.mirrors().get(mirror).source()).isEqualTo(new MirrorName("public", "b"));

      Path location = locationOf(pg, mirror);
      EngineTests.exec(pg, "DROP TABLE b");
      deadline = System.nanoTime() + 10_000_000_000L;
      while (engine.mirrors().containsKey(mirror) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(engine.mirrors()).doesNotContainKey(mirror);
      assertThat(Files.exists(location)).isFalse();
      try (ResultSet rs =
          pg.createStatement().executeQuery("SELECT count(*) FROM mooncake.columnstore_tables")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void addedDroppedAndRenamedColumnsAreMirrored() throws Exception {
    String db = PG.createDatabase("engine_schema");
    MirrorName mirror = new MirrorName("public", "s_cs");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db) + "&preferQueryMode=simple")) {
      EngineTests.exec(
          pg,
          "CREATE TABLE s (id int PRIMARY KEY, a text, b int)",
          "INSERT INTO s SELECT g, 'a' || g, g FROM generate_series(1, 50) g");
      Engine engine = Engine.start(settings(db));
      try {
        engine.createMirror("s_cs", "s");
        String[][] steps = {
          {"ALTER TABLE s ADD COLUMN c text", "INSERT INTO s VALUES (100, 'x', 1, 'c100')"},
          {
            "ALTER TABLE s ADD COLUMN d int DEFAULT 5",
            "UPDATE s SET d = 6 WHERE id = 1",
            "INSERT INTO s (id, a) VALUES (101, 'y')"
          },
          {"ALTER TABLE s DROP COLUMN b", "UPDATE s SET a = 'z' WHERE id = 2"},
          {
            "ALTER TABLE s RENAME COLUMN a TO a2",
            "INSERT INTO s (id, a2, c) VALUES (102, 'w', 'c')",
            "DELETE FROM s WHERE id = 3"
          },
        };
        for (String[] step : steps) {
          EngineTests.exec(pg, step);
          engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
          assertThat(MirrorComparison.mirrorRows(engine, mirror))
              .as(String.join("; ", step))
              .isEqualTo(MirrorComparison.sourceRows(pg, "s"));
          // Data files written under each schema, read later by field id.
          engine.createSnapshot("s_cs");
        }
      } finally {
        engine.close();
      }
      try (Engine again = Engine.start(settings(db))) {
        EngineTests.exec(pg, "UPDATE s SET d = 7 WHERE id = 4");
        again.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        assertThat(MirrorComparison.mirrorRows(again, mirror))
            .isEqualTo(MirrorComparison.sourceRows(pg, "s"));
        again.createSnapshot("s_cs");
        MirrorTable table = MirrorTable.open(locationOf(pg, mirror));
        assertThat(table.schema().columns().stream().map(f -> f.name()))
            .containsExactly("id", "a2", "c", "d");
        long withD = 0;
        try (CloseableIterable<Record> records = IcebergGenerics.read(table.table()).build()) {
          for (Record r : records) {
            if (r.getField("d") != null) {
              withD++;
            }
          }
        }
        long pgWithD;
        try (ResultSet rs = pg.createStatement().executeQuery("SELECT count(d) FROM s")) {
          rs.next();
          pgWithD = rs.getLong(1);
        }
        assertThat(withD)
            .as("Iceberg readers give older rows the added column's default, as PostgreSQL does")
            .isEqualTo(pgWithD);

        // A type change rewrites the table without logging its rows: the mirror is copied again.
        EngineTests.exec(
            pg, "ALTER TABLE s ALTER COLUMN c TYPE varchar(20)", "INSERT INTO s (id) VALUES (103)");
        awaitRecopied(again, pg, mirror, "s");
        assertThat(again.mirrors().get(mirror).schema().columns().get(2).type().pgType().typmod())
            .as("varchar(20)'s modifier")
            .isEqualTo(24);
      }
    }
  }

  /**
   * Waits until {@code mirror} of {@code source} is readable again after a re-copy, checks it holds
   * the source's rows and that the catalog says so.
   */
  private static void awaitRecopied(Engine engine, Connection pg, MirrorName mirror, String source)
      throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      Engine.MirrorInfo info = engine.mirrors().get(mirror);
      if (info != null && info.failure() == null) {
        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        if (engine.mirrors().get(mirror).failure() == null) {
          break;
        }
      }
      assertThat(info == null ? null : info.failure())
          .as("a failure that is not a re-copy")
          .satisfiesAnyOf(
              f -> assertThat(f).isNull(), f -> assertThat(f).contains("being copied again"));
      assertThat(System.nanoTime()).as("re-copy done in time").isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(MirrorComparison.mirrorRows(engine, mirror))
        .isEqualTo(MirrorComparison.sourceRows(pg, source));
    long streamingDeadline = System.nanoTime() + 10_000_000_000L;
    String state;
    do {
      try (ResultSet rs =
          pg.createStatement()
              .executeQuery(
                  "SELECT state FROM mooncake.columnstore_tables WHERE table_name = '"
                      + mirror.name()
                      + "'")) {
        rs.next();
        state = rs.getString(1);
      }
    } while (!state.equals("streaming") && System.nanoTime() < streamingDeadline);
    assertThat(state).isEqualTo("streaming");
  }

  @Test
  void changesPostgresqlDoesNotLogAsRowsAreFollowedByCopyingAgain() throws Exception {
    String db = PG.createDatabase("engine_recopy");
    MirrorName keyed = new MirrorName("public", "k_cs");
    MirrorName keyless = new MirrorName("public", "n_cs");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db) + "&preferQueryMode=simple")) {
      EngineTests.exec(
          pg,
          "CREATE TABLE k (id int PRIMARY KEY, v numeric(10,2), w int)",
          "INSERT INTO k SELECT g, g * 1.25, g FROM generate_series(1, 2000) g",
          "CREATE TABLE n (a int, b text)",
          "INSERT INTO n SELECT g % 7, 'b' || (g % 3) FROM generate_series(1, 300) g");
      Engine engine = Engine.start(settings(db));
      try {
        engine.createMirror("k_cs", "k");
        engine.createMirror("n_cs", "n");
        // A scale change rewrites every value's text: 1.25 becomes 1.2500.
        EngineTests.exec(
            pg,
            "ALTER TABLE k ALTER COLUMN v TYPE numeric(12,4)",
            "UPDATE k SET w = -w WHERE id % 10 = 0");
        awaitRecopied(engine, pg, keyed, "k");
        // The writes go on while a mirror is copied again: none is lost or doubled.
        EngineTests.exec(pg, "ALTER TABLE k ADD COLUMN r float8 DEFAULT random()");
        EngineTests.exec(pg, "INSERT INTO k (id, v, w) VALUES (5000, 1, 1)");
        for (int i = 0; i < 20; i++) {
          EngineTests.exec(pg, "UPDATE k SET w = w + 1 WHERE id = " + (i * 37 + 1));
        }
        awaitRecopied(engine, pg, keyed, "k");
        // A table without a key is identified by its whole row, which an added column changes.
        EngineTests.exec(
            pg, "ALTER TABLE n ADD COLUMN c int DEFAULT 3", "DELETE FROM n WHERE a = 1");
        awaitRecopied(engine, pg, keyless, "n");
        EngineTests.exec(pg, "DELETE FROM n WHERE a = 2 AND b = 'b1'");
        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        assertThat(MirrorComparison.mirrorRows(engine, keyless))
            .isEqualTo(MirrorComparison.sourceRows(pg, "n"));
      } finally {
        engine.close();
      }
      // Changed while no engine ran: the next start copies the mirror again.
      EngineTests.exec(
          pg,
          "ALTER TABLE k ALTER COLUMN w TYPE bigint",
          "UPDATE k SET w = w * 1000000000 WHERE id < 100");
      try (Engine again = Engine.start(settings(db))) {
        awaitRecopied(again, pg, keyed, "k");
        awaitRecopied(again, pg, keyless, "n");
        // An Iceberg reader sees the new copy, with the source's rows and types.
        again.createSnapshot("k_cs");
        MirrorTable table = MirrorTable.open(locationOf(pg, keyed));
        assertThat(table.schema().findField("w").type().typeId())
            .isEqualTo(org.apache.iceberg.types.Type.TypeID.LONG);
        long rows = 0;
        try (CloseableIterable<Record> records = IcebergGenerics.read(table.table()).build()) {
          for (Record r : records) {
            rows++;
          }
        }
        assertThat(rows).isEqualTo(2001);
        // Dropping a mirror works in every state.
        again.dropMirror("k_cs");
        assertThat(again.mirrors()).doesNotContainKey(keyed);
      }
    }
  }

  @Test
  void aCutReplicationConnectionLosesAndDoublesNothing() throws Exception {
    String db = PG.createDatabase("engine_cut");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db) + "&preferQueryMode=simple");
        Engine engine = Engine.start(settings(db))) {
      // No key: a change applied twice would show as a doubled row.
      EngineTests.exec(
          pg, "CREATE TABLE d (a int, b text)", "INSERT INTO d VALUES (1, 'x'), (1, 'x')");
      engine.createMirror("d_cs", "d");
      MirrorName mirror = new MirrorName("public", "d_cs");
      for (int cut = 0; cut < 3; cut++) {
        EngineTests.exec(
            pg, "INSERT INTO d VALUES (" + cut + ", 'before'), (" + cut + ", 'before')");
        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        // The walsender goes away, as in a network cut.
        int before = walsender(pg);
        assertThat(before).isPositive();
        EngineTests.exec(
            pg,
            "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                + " WHERE database = current_database() AND active_pid IS NOT NULL");
        EngineTests.exec(
            pg,
            "INSERT INTO d VALUES (" + cut + ", 'after')",
            "DELETE FROM d WHERE ctid = (SELECT ctid FROM d WHERE b = 'before' LIMIT 1)");
        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        assertThat(MirrorComparison.mirrorRows(engine, mirror))
            .as("after cut %d", cut)
            .isEqualTo(MirrorComparison.sourceRows(pg, "d"));
        assertThat(walsender(pg)).as("a new replication connection").isNotEqualTo(before);
      }
    }
  }

  @Test
  void smallAndMostlyDeletedFilesAreCompacted() throws Exception {
    String db = PG.createDatabase("engine_compaction");
    MirrorName mirror = new MirrorName("public", "c_cs");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db) + "&preferQueryMode=simple")) {
      EngineTests.exec(pg, "CREATE TABLE c (id int PRIMARY KEY, v text)");
      Path location;
      try (Engine engine = Engine.start(settings(db))) {
        engine.createMirror("c_cs", "c");
        location = locationOf(pg, mirror);
        // Twelve small flushes: twelve small files, until compaction folds them into one.
        for (int i = 0; i < 12; i++) {
          EngineTests.exec(
              pg,
              "INSERT INTO c SELECT g, 'v' || g FROM generate_series("
                  + (i * 10)
                  + ", "
                  + (i * 10 + 9)
                  + ") g",
              "UPDATE c SET v = v || '+' WHERE id % 7 = " + (i % 7));
          engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
          engine.createSnapshot("c_cs");
        }
        assertThat(MirrorTable.open(location).state().dataFiles().size()).isLessThan(8);
        assertThat(MirrorComparison.mirrorRows(engine, mirror))
            .isEqualTo(MirrorComparison.sourceRows(pg, "c"));

        // A big file whose rows are then mostly deleted is rewritten with its live rows only.
        EngineTests.exec(pg, "INSERT INTO c SELECT g, 'big' FROM generate_series(1000, 2999) g");
        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        engine.createSnapshot("c_cs");
        EngineTests.exec(pg, "DELETE FROM c WHERE id BETWEEN 1000 AND 2599");
        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        engine.createSnapshot("c_cs");
        assertThat(MirrorTable.open(location).state().dataFiles())
            .filteredOn(f -> f.recordCount() > 1_000)
            .allSatisfy(f -> assertThat(f.deletedCount() * 2).isLessThanOrEqualTo(f.recordCount()));
        assertThat(MirrorTable.open(location).state().dataFiles())
            .anySatisfy(f -> assertThat(f.recordCount()).isEqualTo(400));
        EngineTests.exec(pg, "UPDATE c SET v = 'after compaction' WHERE id IN (5, 2700)");
        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        assertThat(MirrorComparison.mirrorRows(engine, mirror))
            .isEqualTo(MirrorComparison.sourceRows(pg, "c"));
      }
      try (Engine again = Engine.start(settings(db))) {
        again.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        assertThat(MirrorComparison.mirrorRows(again, mirror))
            .isEqualTo(MirrorComparison.sourceRows(pg, "c"));
        long icebergRows = 0;
        try (CloseableIterable<Record> records =
            IcebergGenerics.read(MirrorTable.open(location).table()).build()) {
          for (Record r : records) {
            icebergRows++;
          }
        }
        assertThat(icebergRows).isEqualTo(MirrorComparison.sourceRows(pg, "c").size());
      }
    }
  }

  @Test
  void expiredSnapshotsTakeTheFilesOnlyTheyReferenced() throws Exception {
    String db = PG.createDatabase("engine_expiry");
    MirrorName mirror = new MirrorName("public", "x_cs");
    Engine.Settings base = settings(db);
    // Every snapshot but the newest is expired at each durable commit.
    Engine.Settings settings =
        new Engine.Settings(
            base.pgUrl(),
            base.pgProperties(),
            base.warehouse(),
            base.flushRows(),
            base.flushInterval(),
            Duration.ZERO);
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db) + "&preferQueryMode=simple")) {
      EngineTests.exec(pg, "CREATE TABLE x (id int PRIMARY KEY, v text)");
      Path location;
      try (Engine engine = Engine.start(settings)) {
        engine.createMirror("x_cs", "x");
        location = locationOf(pg, mirror);
        // Small files compacted away, deletion vectors replaced, a TRUNCATE, more writes.
        for (int i = 0; i < 12; i++) {
          EngineTests.exec(
              pg,
              "INSERT INTO x SELECT g, 'v' || g FROM generate_series("
                  + (i * 10)
                  + ", "
                  + (i * 10 + 9)
                  + ") g",
              "UPDATE x SET v = v || '+' WHERE id % 5 = " + (i % 5));
          engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
          engine.createSnapshot("x_cs");
          if (i == 8) {
            EngineTests.exec(pg, "TRUNCATE x");
          }
        }
        engine.createSnapshot("x_cs");
        // The next durable round expires what the last one left.
        EngineTests.exec(pg, "DELETE FROM x WHERE id = 100");
        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        engine.createSnapshot("x_cs");
        assertThat(MirrorComparison.mirrorRows(engine, mirror))
            .isEqualTo(MirrorComparison.sourceRows(pg, "x"));
      }
      MirrorTable table = MirrorTable.open(location);
      assertThat(table.table().snapshots()).hasSize(1);
      java.util.Set<String> live = new java.util.TreeSet<>();
      java.util.Set<String> identities = new java.util.TreeSet<>();
      for (io.mooncake.engine.storage.LiveDataFile f : table.state().dataFiles()) {
        live.add(Path.of(f.path()).getFileName().toString());
        identities.add(Path.of(f.path()).getFileName() + ".ids");
        if (f.deletionVector() != null) {
          live.add(Path.of(f.deletionVector().location()).getFileName().toString());
        }
      }
      assertThat(fileNames(location.resolve("data"))).isEqualTo(live);
      assertThat(fileNames(location.resolve("identities"))).isEqualTo(identities);
      assertThat(fileNames(location.resolve("metadata")))
          .filteredOn(n -> n.endsWith(".metadata.json"))
          .hasSizeLessThanOrEqualTo(11);
      long icebergRows = 0;
      try (CloseableIterable<Record> records = IcebergGenerics.read(table.table()).build()) {
        for (Record r : records) {
          icebergRows++;
        }
      }
      assertThat(icebergRows).isEqualTo(MirrorComparison.sourceRows(pg, "x").size());
      try (Engine again = Engine.start(settings)) {
        EngineTests.exec(pg, "UPDATE x SET v = 'again' WHERE id % 3 = 0");
        again.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        assertThat(MirrorComparison.mirrorRows(again, mirror))
            .isEqualTo(MirrorComparison.sourceRows(pg, "x"));
      }
    }
  }

  /** The names of the files in {@code dir} (recursively). */
  private static java.util.Set<String> fileNames(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  @Test
  void aCrashRightAfterCreatingAMirrorUnderWritesLosesNothing() throws Exception {
    String db = PG.createDatabase("engine_new_mirror_crash");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db))) {
      SourceWriter.createTables(pg, "c", 1_000);
      // Large enough that its copy takes a while.
      EngineTests.exec(pg, "INSERT INTO c_log (id) SELECT -g FROM generate_series(1, 300000) g");
      try (SourceWriter writer = new SourceWriter(PG.jdbcUrl(db), "c", 10_000, 3).start()) {
        Engine engine = Engine.start(settings(db));
        engine.createMirror("c_cs", "c");
        EngineTests.await("writes", Duration.ofSeconds(30), () -> writer.commits() > 100);
        // While the second mirror is copied, the first one is made durable again and again; the
        // changes the copy holds meanwhile are in memory only until the new mirror's first flush.
        MirrorName log = new MirrorName("public", "c_log_cs");
        AtomicBoolean copying = new AtomicBoolean(true);
        AtomicReference<Lsn> copyPoint = new AtomicReference<>();
        AtomicReference<Lsn> passed = new AtomicReference<>();
        Thread snapshots =
            new Thread(
                () -> {
                  try (Connection c = DriverManager.getConnection(PG.jdbcUrl(db))) {
                    while (copying.get()) {
                      engine.createSnapshot("c_cs");
                      Lsn now = confirmed(c);
                      if (copyPoint.get() != null
                          && !engine.mirrors().containsKey(log)
                          && now.isAfter(copyPoint.get())) {
                        passed.set(now);
                      }
                    }
                  } catch (SQLException e) {
                    throw new IllegalStateException(e);
                  }
                });
        // The copy's slot lives only while the copy reads (a parallel copy is short): watched
        // apart from the snapshots, which wait for the apply thread.
        Thread watcher =
            new Thread(
                () -> {
                  try (Connection c = DriverManager.getConnection(PG.jdbcUrl(db))) {
                    while (copying.get() && copyPoint.get() == null) {
                      String point =
                          EngineTests.query(
                              c,
                              "SELECT confirmed_flush_lsn FROM pg_replication_slots"
                                  + " WHERE slot_name LIKE '%\\_copy\\_%'");
                      if (point != null) {
                        copyPoint.compareAndSet(null, Lsn.parse(point));
                      }
                    }
                  } catch (SQLException e) {
                    throw new IllegalStateException(e);
                  }
                });
        watcher.start();
        snapshots.start();
        try {
          engine.createMirror("c_log_cs", "c_log");
        } finally {
          copying.set(false);
          snapshots.join();
          watcher.join();
        }
        engine.crashForTest();
        assertThat(copyPoint.get()).isNotNull();
        assertThat(passed.get())
            .as(
                "the slot confirmed past the copy's snapshot %s while the changes after it were"
                    + " in memory only",
                copyPoint.get())
            .isNull();
      }
      try (Engine again = Engine.start(settings(db))) {
        again.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        MirrorComparison.assertEqual(
            again, new MirrorName("public", "c_cs"), pg, "c", "after the crash");
        MirrorComparison.assertEqual(
            again, new MirrorName("public", "c_log_cs"), pg, "c_log", "after the crash");
      }
    }
  }

  private static Lsn confirmed(Connection pg) throws SQLException {
    return Lsn.parse(
        EngineTests.query(
            pg,
            "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE database ="
                + " current_database() AND slot_name NOT LIKE '%\\_copy\\_%'"));
  }

  /** The PID of the walsender serving this database's slot, or 0. */
  private static int walsender(Connection pg) throws SQLException {
    try (ResultSet rs =
        pg.createStatement()
            .executeQuery(
                "SELECT coalesce(max(active_pid), 0) FROM pg_replication_slots"
                    + " WHERE database = current_database()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Path locationOf(Connection pg, MirrorName mirror) throws SQLException {
    try (ResultSet rs =
        pg.createStatement()
            .executeQuery(
                "SELECT location FROM mooncake.columnstore_tables WHERE table_name = '"
                    + mirror.name()
                    + "'")) {
      rs.next();
      return Path.of(rs.getString(1));
    }
  }
}
