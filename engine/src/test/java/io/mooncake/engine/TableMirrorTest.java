package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.engine.storage.MirrorTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.iceberg.DataFile;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded model test of one mirror's state in DuckDB: random inserts, updates (with key changes
 * and unchanged TOASTed values), deletes and truncates, cut into random batches with random flushes
 * (some frozen and written later, as the engine does off the apply thread), and some batches rolled
 * back once first; after every batch the mirror's view holds exactly the model's rows.
 */
class TableMirrorTest {

  @TempDir Path dir;
  private DuckDBConnection duck;

  @BeforeEach
  void open() throws SQLException {
    duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterEach
  void close() throws SQLException {
    duck.close();
  }

  private MirrorTable table;

  private MirrorSchema schema(boolean withKey) {
    List<String> names = List.of("id", "Note \"q\"");
    List<ColumnType> types =
        List.of(
            ColumnType.of(PgType.base(23, -1, "integer")),
            ColumnType.of(PgType.base(25, -1, "text")));
    table =
        MirrorTable.create(dir.resolve("t" + withKey), MirrorSchema.iceberg(names, types), "test");
    return MirrorSchema.of(table.schema(), names, types, List.of(withKey, false));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void primaryKeyMirrorFollowsTheModel(long seed) throws SQLException {
    System.out.println("TableMirrorTest primary key seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    TableMirror mirror = TableMirror.create(duck, 1, schema(true));
    Map<String, String[]> model = new HashMap<>();
    int nextId = 0;
    for (int b = 0; b < 60; b++) {
      ChangeBatch batch = new ChangeBatch(mirror.schema().keyColumns());
      int ops = 1 + random.nextInt(40);
      // Some batches hold one kind of change only (e.g. nothing but updates).
      int only = random.nextInt(4) == 0 ? random.nextInt(97) : -1;
      for (int o = 0; o < ops; o++) {
        List<String> ids = new ArrayList<>(model.keySet());
        int op = only >= 0 ? only : random.nextInt(100);
        if (op < 40 || ids.isEmpty()) {
          String[] row = {
            String.valueOf(nextId++), random.nextInt(5) == 0 ? null : "v" + b + "-" + o
          };
          model.put(row[0], row.clone());
          batch.insert(row);
        } else if (op < 70) {
          String[] old = model.get(ids.get(random.nextInt(ids.size())));
          boolean keyChange = random.nextInt(4) == 0;
          boolean toast = random.nextBoolean();
          String[] next = {
            keyChange ? String.valueOf(nextId++) : old[0],
            toast ? ChangeBatch.UNCHANGED : "u" + b + "-" + o
          };
          model.remove(old[0]);
          model.put(next[0], new String[] {next[0], toast ? old[1] : next[1]});
          batch.update(new String[] {old[0], null}, next);
        } else if (op < 97) {
          String id = ids.get(random.nextInt(ids.size()));
          model.remove(id);
          batch.delete(new String[] {id, null});
        } else {
          model.clear();
          batch.truncate();
        }
      }
      applyInTransaction(mirror, batch, random.nextInt(4) == 0, random.nextInt(5) == 0, random);
      assertThat(rows(mirror))
          .as("seed %d after batch %d", seed, b)
          .isEqualTo(sorted(model.values()));
      assertThat(mirror.rowCount()).isEqualTo(model.size());
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void fullRowIdentityDeletesExactlyOneOfEqualRows(long seed) throws SQLException {
    System.out.println("TableMirrorTest full identity seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    TableMirror mirror = TableMirror.create(duck, 2, schema(false));
    List<String[]> model = new ArrayList<>();
    for (int b = 0; b < 60; b++) {
      ChangeBatch batch = new ChangeBatch(mirror.schema().keyColumns());
      int ops = 1 + random.nextInt(30);
      for (int o = 0; o < ops; o++) {
        int op = random.nextInt(100);
        if (op < 45 || model.isEmpty()) {
          // Few distinct values, so that equal rows are common.
          String[] row = {String.valueOf(random.nextInt(4)), random.nextInt(3) == 0 ? null : "x"};
          model.add(row.clone());
          batch.insert(row);
        } else if (op < 70) {
          String[] old = model.remove(random.nextInt(model.size()));
          String[] next = {String.valueOf(random.nextInt(4)), "y"};
          model.add(next.clone());
          batch.update(old.clone(), next);
        } else {
          String[] old = model.remove(random.nextInt(model.size()));
          batch.delete(old.clone());
        }
      }
      applyInTransaction(mirror, batch, random.nextInt(3) == 0, random.nextInt(5) == 0, random);
      assertThat(rows(mirror)).as("seed %d after batch %d", seed, b).isEqualTo(sorted(model));
      assertThat(mirror.rowCount()).isEqualTo(model.size());
    }
  }

  /**
   * Applies {@code batch} in a DuckDB transaction, as the apply loop does; with {@code rolledBack},
   * first once in a transaction that is rolled back (as when another mirror's changes fail), after
   * which the batch applies again as if never tried.
   */
  /** Mem slices frozen and not yet written, as the engine's commit thread leaves them. */
  private final List<TableMirror.Frozen> pending = new ArrayList<>();

  /** A compaction started and not yet written. */
  private TableMirror.Rewrite rewrite;

  /**
   * As {@link #applyInTransaction(TableMirror, ChangeBatch, boolean, boolean)}; with {@code
   * frozen}, the mem slice is frozen instead of flushed, and written (through another DuckDB
   * connection, as off the apply thread) and installed at a later batch, while later batches
   * update, delete and truncate its rows.
   */
  private void applyInTransaction(
      TableMirror mirror,
      ChangeBatch batch,
      boolean flush,
      boolean rolledBack,
      SplittableRandom random)
      throws SQLException {
    applyInTransaction(mirror, batch, flush && random.nextBoolean(), rolledBack);
    if (flush && random.nextBoolean()) {
      duck.setAutoCommit(false);
      TableMirror.Frozen f = mirror.freeze(table);
      duck.commit();
      duck.setAutoCommit(true);
      if (f != null) {
        pending.add(f);
      }
    }
    if (rewrite == null && random.nextInt(4) == 0) {
      List<TableMirror.DataFileRef> chosen = mirror.compactionCandidates(Long.MAX_VALUE, 2);
      if (!chosen.isEmpty()) {
        duck.setAutoCommit(false);
        rewrite = mirror.startCompaction(table, chosen);
        duck.commit();
        duck.setAutoCommit(true);
      }
    }
    if ((!pending.isEmpty() || rewrite != null) && random.nextInt(3) == 0) {
      try (java.sql.Connection writer = duck.duplicate()) {
        for (TableMirror.Frozen f : pending) {
          DataFile file = TableMirror.write(f, table, writer);
          assertThat(Files.exists(Path.of(file.location()))).isTrue();
        }
        if (rewrite != null) {
          TableMirror.write(rewrite, table, writer);
        }
      }
      pending.clear();
      rewrite = null;
      duck.setAutoCommit(false);
      mirror.installWritten();
      duck.commit();
      duck.setAutoCommit(true);
    }
  }

  private void applyInTransaction(
      TableMirror mirror, ChangeBatch batch, boolean flush, boolean rolledBack)
      throws SQLException {
    if (rolledBack) {
      duck.setAutoCommit(false);
      mirror.apply(batch);
      duck.rollback();
      duck.setAutoCommit(true);
      mirror.undo();
    }
    duck.setAutoCommit(false);
    mirror.apply(batch);
    if (flush) {
      DataFile file = mirror.flush(table);
      if (file != null) {
        assertThat(Files.exists(Path.of(file.location()))).isTrue();
      }
    }
    duck.commit();
    duck.setAutoCommit(true);
    mirror.keep();
  }

  private List<String> rows(TableMirror mirror) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + mirror.viewName())) {
      while (rs.next()) {
        out.add(rs.getString(1) + "|" + rs.getString(2));
      }
    }
    out.sort(null);
    return out;
  }

  private static List<String> sorted(Iterable<String[]> rows) {
    List<String> out = new ArrayList<>();
    for (String[] r : rows) {
      out.add(r[0] + "|" + r[1]);
    }
    out.sort(null);
    return out;
  }
}
