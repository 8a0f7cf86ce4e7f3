package io.mooncake.engine;

import io.mooncake.engine.storage.MirrorTable;
import io.mooncake.engine.wal.ExportedSnapshot;
import io.mooncake.engine.wal.LogicalSlot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;

/**
 * Creating a mirror: checks the names, publishes the source, copies it consistently and hands it
 * over to the stream with nothing lost or doubled.
 *
 * <p>The hand-over: the source joins the publication and the apply thread starts holding its
 * changes; then a temporary slot exports a snapshot at LSN L, and the copy reads that snapshot.
 * Every transaction that committed before L is in the copy; every later one arrives on the stream
 * after the source joined the publication, and the apply thread, which held it, applies exactly
 * those with a commit at or after L.
 */
final class MirrorCopy {

  private static final AtomicInteger COPIES = new AtomicInteger();

  private MirrorCopy() {}

  static void run(Engine engine, String mirrorText, String sourceText) {
    MirrorName sourceName = MirrorName.parse(sourceText);
    MirrorName requested = MirrorName.parse(mirrorText);
    MirrorCatalog.Entry entry;
    SourceTable source;
    try (Connection c = engine.connect()) {
      source = SourceTable.describe(c, sourceName);
      source.checkMirrorable();
      MirrorName mirror = requested.inSchema(source.name().schema());
      MirrorCatalog catalog = new MirrorCatalog(c);
      if (catalog.exists(mirror)) {
        throw new EngineException("42P07", "mirror " + mirror + " already exists");
      }
      for (MirrorCatalog.Entry other : catalog.list()) {
        if (other.sourceOid() == source.oid()) {
          // The engine follows a source's changes into one mirror (its state is keyed by source).
          throw new EngineException(
              "42710",
              "table "
                  + source.name()
                  + " already has a mirror, "
                  + other.mirror()
                  + " (a table has at most one)");
        }
      }
      if (relationExists(c, mirror)) {
        throw new EngineException(
            "42P07", "relation " + mirror + " already exists (a mirror is used by its name)");
      }
      fullIdentityWithoutKey(c, source);
      Path location =
          engine
              .settings()
              .warehouse()
              .resolve(segment(engine.database()))
              .resolve(segment(mirror.schema()))
              .resolve(segment(mirror.name()));
      Engine.deleteTree(location);
      entry =
          new MirrorCatalog.Entry(
              mirror, source.name(), source.oid(), location.toString(), "copying");
      catalog.insert(entry);
    } catch (SQLException e) {
      throw new EngineException(e.getSQLState(), e.getMessage(), e);
    }
    int oid = (int) source.oid();
    try {
      engine.onApplyThread(
          () -> {
            engine.follow(source);
            engine.copying().put(oid, new ArrayList<>());
            return null;
          });
      Path csv = csvDirectory(engine);
      try {
        Copied copied = copy(engine, source, csv, entry.mirror());
        engine.onApplyThread(() -> install(engine, entry, copied, true));
      } finally {
        Engine.deleteTree(csv);
      }
      try (Connection c = engine.connect()) {
        new MirrorCatalog(c).setState(entry.mirror(), "streaming", null);
      }
    } catch (RuntimeException | SQLException e) {
      engine.onApplyThread(() -> engine.copying().remove(oid));
      try {
        engine.removeEverywhere(entry);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      if (e instanceof EngineException) {
        throw (EngineException) e;
      }
      String state = e instanceof SQLException ? ((SQLException) e).getSQLState() : "XX000";
      throw new EngineException(
          state, "creating mirror " + entry.mirror() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Copies the mirror of {@code entry} again, from a new snapshot of its source, and installs the
   * copy in place of its old files (see {@link MirrorRecopy}); on {@code recopy}'s thread.
   */
  static void again(Engine engine, MirrorCatalog.Entry entry, MirrorRecopy recopy) {
    int oid = (int) entry.sourceOid();
    SourceTable source;
    try (Connection c = engine.connect()) {
      new MirrorCatalog(c).setState(entry.mirror(), "copying", recopy.info().failure());
      source = SourceTable.describe(c, entry.sourceOid());
      source.checkMirrorable();
      fullIdentityWithoutKey(c, source);
    } catch (SQLException e) {
      throw new EngineException(e.getSQLState(), e.getMessage(), e);
    }
    // A mirror whose creation died may not have joined the publication yet.
    engine.onApplyThread(
        () -> {
          engine.follow(source);
          return null;
        });
    Path csv = csvDirectory(engine);
    try {
      Copied copied = copy(engine, source, csv, entry.mirror());
      engine.onApplyThread(
          () -> {
            if (engine.recopies().get(oid) != recopy) {
              return false; // dropped meanwhile
            }
            engine.drainCommits(); // none may still write to the old table's files
            Engine.deleteTree(Path.of(entry.location()));
            install(engine, entry, copied, false);
            // The catalog says so before the first query reads the new copy.
            engine.setCatalogState(entry.mirror(), "streaming", null);
            engine.refreshReadable();
            return true;
          });
    } catch (SQLException e) {
      throw new EngineException(e.getSQLState(), e.getMessage(), e);
    } finally {
      try {
        Engine.deleteTree(csv);
      } catch (UncheckedIOException e) {
        // A leftover in the warehouse, named as a copy's: harmless.
      }
    }
  }

  /** Without a key, UPDATE and DELETE must carry the whole old row: REPLICA IDENTITY FULL. */
  private static void fullIdentityWithoutKey(Connection c, SourceTable source) throws SQLException {
    if (!source.hasKey() && source.replicaIdentity() != 'f') {
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE " + source.name().quoted() + " REPLICA IDENTITY FULL");
      }
    }
  }

  /** A new directory for the CSV files of one copy, in the warehouse. */
  private static Path csvDirectory(Engine engine) {
    return engine
        .settings()
        .warehouse()
        .resolve(".copy-" + ProcessHandle.current().pid() + "-" + COPIES.incrementAndGet());
  }

  /** Shows how many rows the initial copy read so far in mooncake.columnstore_tables. */
  private static void progress(Connection status, MirrorName mirror, long rows) {
    try (PreparedStatement ps =
        status.prepareStatement(
            "UPDATE mooncake.mirrors SET rows = ?, updated_at = now()"
                + " WHERE mirror_schema = ? AND mirror_name = ?")) {
      ps.setLong(1, rows);
      ps.setString(2, mirror.schema());
      ps.setString(3, mirror.name());
      ps.executeUpdate();
    } catch (SQLException e) {
      // Progress is informative: the copy goes on.
    }
  }

  /**
   * A copy: the LSN of its snapshot, the source's columns as of that snapshot, and its rows in
   * PostgreSQL's CSV.
   */
  private record Copied(Lsn at, SourceTable source, List<Path> csv) {}

  /**
   * Copies the source as of a new exported snapshot into CSV files in {@code directory} ({@link
   * SnapshotCopy}). The columns are read in the same snapshot, so that a schema change made
   * meanwhile cannot mislabel the copied values.
   */
  private static Copied copy(
      Engine engine, SourceTable described, Path directory, MirrorName mirror) throws SQLException {
    LogicalSlot temporary =
        new LogicalSlot(
            engine.slot().name()
                + "_copy_"
                + ProcessHandle.current().pid()
                + "_"
                + COPIES.incrementAndGet());
    try (ExportedSnapshot snapshot =
            temporary.createWithExportedSnapshot(
                engine.settings().pgUrl(), engine.settings().pgProperties());
        Connection c = engine.connect();
        Connection status = engine.connect()) {
      SnapshotCopy.importSnapshot(c, snapshot.snapshotName());
      SourceTable source = SourceTable.describe(c, described.oid());
      CopyProgress progress = new CopyProgress(rows -> progress(status, mirror, rows));
      List<Path> csv =
          new SnapshotCopy(engine, snapshot.snapshotName(), progress).run(c, source, directory);
      return new Copied(snapshot.consistentPoint(), source, csv);
    } catch (IOException e) {
      throw new UncheckedIOException("copying " + described.name() + " failed", e);
    } finally {
      try (Connection c = engine.connect()) {
        temporary.drop(c);
      }
    }
  }

  /**
   * On the apply thread: the mirror's tables, its first Iceberg snapshot, then held changes; with
   * {@code readable}, readers see it at once.
   */
  private static Void install(
      Engine engine, MirrorCatalog.Entry entry, Copied copied, boolean readable)
      throws SQLException {
    SourceTable source = copied.source();
    Lsn at = copied.at();
    List<String> names = new ArrayList<>();
    List<ColumnType> types = new ArrayList<>();
    for (SourceTable.Column c : source.columns()) {
      names.add(c.name());
      types.add(ColumnType.of(c.type()));
    }
    MirrorTable table =
        MirrorTable.create(
            Path.of(entry.location()),
            MirrorSchema.iceberg(names, types),
            source.name().toString());
    table.setProperty(MirrorTable.COLUMNS_PROPERTY, SourceColumns.of(source));
    MirrorSchema schema = schemaOf(table, source);
    TableMirror state = TableMirror.create(engine.duck(), engine.nextMirrorId(), schema);
    engine.duck().setAutoCommit(false);
    DataFile file;
    try {
      file = null;
      List<String> csv = new ArrayList<>();
      for (Path p : copied.csv()) {
        if (Files.size(p) > 0) {
          csv.add(p.toString());
        }
      }
      if (!csv.isEmpty()) {
        file = state.bulkLoad(table, "SELECT * FROM " + PgCsv.scan(csv, names.size()));
      }
      engine.duck().commit();
    } catch (IOException e) {
      engine.duck().rollback();
      throw new UncheckedIOException(e);
    } catch (SQLException | RuntimeException e) {
      engine.duck().rollback();
      throw e;
    } finally {
      engine.duck().setAutoCommit(true);
    }
    table.commit(at, file == null ? List.of() : List.of(file), java.util.Map.of());
    MirrorRuntime rt = new MirrorRuntime(entry, state, table, at);
    rt.source = source.name();
    int oid = (int) source.oid();
    List<ApplyLoop.Held> held = engine.copying().remove(oid);
    engine.runtimes().put(oid, rt);
    engine.recopies().remove(oid);
    for (ApplyLoop.Held h : held) {
      if (!h.commitLsn().isBefore(at)) {
        engine.loop().route(rt, h.change());
      }
    }
    if (!rt.batch.isEmpty()) {
      engine.published(engine.loop().applyBatch());
    }
    if (readable) {
      engine.refreshReadable();
    }
    return null;
  }

  /** The mirror schema of {@code source}'s columns, with the field ids of {@code table}. */
  static MirrorSchema schemaOf(MirrorTable table, SourceTable source) {
    return schemaOf(table.schema(), source);
  }

  /** As {@link #schemaOf(MirrorTable, SourceTable)}, with the table's Iceberg schema. */
  static MirrorSchema schemaOf(org.apache.iceberg.Schema iceberg, SourceTable source) {
    List<MirrorColumn> columns = new ArrayList<>();
    for (SourceTable.Column c : source.columns()) {
      ColumnType type = ColumnType.of(c.type());
      columns.add(
          new MirrorColumn(
              c.name(),
              type,
              c.key(),
              iceberg.findField(c.name()).fieldId(),
              missingSql(type, c.missing())));
    }
    return new MirrorSchema(columns);
  }

  /** The DuckDB value of a column's missing value (PostgreSQL's text), or null. */
  static String missingSql(ColumnType type, String missing) {
    return missing == null ? null : type.ingestSql(Sql.literal(missing));
  }

  private static boolean relationExists(Connection c, MirrorName name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, name.quoted());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** A file-name-safe directory name for a database, schema or mirror. */
  private static String segment(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.equals(name) ? safe : safe + "-" + Integer.toHexString(name.hashCode());
  }
}
