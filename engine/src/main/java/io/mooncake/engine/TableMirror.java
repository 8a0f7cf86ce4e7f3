package io.mooncake.engine;

import io.mooncake.engine.storage.DuckDbParquetWriter;
import io.mooncake.engine.storage.LiveDataFile;
import io.mooncake.engine.storage.MirrorState;
import io.mooncake.engine.storage.MirrorTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * The live state of one mirror in the engine's DuckDB database, in Moonlink's terms: the mem slice
 * (recent rows, table {@code mcN_buf}), the data files already written ({@code mcN_files}) and the
 * deleted positions ({@code mcN_dv}); where each identity's rows are in the files is kept beside
 * them ({@link IdentityIndex}). The view {@code mcN} is the mirror's rows: the mem slice plus the
 * files without their deleted positions; files without deleted positions are scanned as they are
 * (no join per row).
 *
 * <p>Every method runs on the apply thread, inside the DuckDB transaction that the caller commits
 * when a batch of source transactions is applied; readers on other DuckDB connections see the
 * mirror as of the last commit (DuckDB's MVCC), so a reader never sees half a source transaction.
 * When the caller rolls a batch back, {@link #undo} brings the state kept outside DuckDB back too.
 */
final class TableMirror {

  private static final String STAGE = "mc_stage";

  private final DuckDBConnection conn;
  private final int id;
  private MirrorSchema schema;
  private final List<DataFileRef> files = new ArrayList<>();
  private final List<String> removedFiles = new ArrayList<>();

  /** The ids of data files with deleted positions; the others are read without a join. */
  private final java.util.Set<Integer> filesWithDeletes = new java.util.HashSet<>();

  private long nextSeq;
  private int nextFileId;
  private long bufferedRows;

  private final IdentityIndex index = new IdentityIndex();

  /** Where each identity's rows are in the mem slice. */
  private final BufferIdentities buffer = new BufferIdentities();

  /** Where the data files' identities are kept: beside the mirror's Iceberg table. */
  private Path identityDir;

  /** The state outside DuckDB before the batch being applied, to undo it with DuckDB's rollback. */
  private Checkpoint before;

  private record Checkpoint(
      long bufferedRows,
      boolean viewReadsBuffer,
      java.util.Set<Integer> filesWithDeletes,
      List<DataFileRef> files,
      int removedFiles,
      List<Frozen> frozen,
      List<Frozen> truncatedFrozen,
      boolean rewriteTruncated) {}

  /** A data file of the mirror: its id in {@code mcN_files}, where it is, and its row count. */
  record DataFileRef(int fileId, String path, long rows, Map<Integer, String> columns) {}

  private TableMirror(DuckDBConnection conn, int id, MirrorSchema schema) {
    this.conn = conn;
    this.id = id;
    this.schema = schema;
  }

  /** Creates the tables and the view of a new, empty mirror. */
  static TableMirror create(DuckDBConnection conn, int id, MirrorSchema schema)
      throws SQLException {
    TableMirror m = new TableMirror(conn, id, schema);
    m.exec(
        "CREATE SCHEMA IF NOT EXISTS " + STAGE,
        m.bufTable(),
        "CREATE TABLE " + m.table("files") + " (file_id INTEGER, path VARCHAR, rows BIGINT)",
        "CREATE TABLE " + m.table("dv") + " (file_id INTEGER, pos BIGINT)",
        "CREATE TABLE " + m.table("dvnew") + " (file_id INTEGER, pos BIGINT)",
        "CREATE TABLE " + m.stage("del") + " (n BIGINT" + m.keyStaging("k") + ")",
        "CREATE TABLE " + m.stage("gone") + " (seq BIGINT)");
    m.exec(m.insertStaging());
    m.replaceView();
    return m;
  }

  /**
   * The DDL of the staging tables of inserted row images: {@code ins} with the columns that fill
   * unchanged TOASTed values from a stored row, {@code plain} without them (each appended value
   * costs, and most batches have no such row).
   */
  private String[] insertStaging() {
    StringBuilder staged = new StringBuilder();
    for (int i = 0; i < schema.size(); i++) {
      staged.append(", c").append(i).append(" VARCHAR");
    }
    return new String[] {
      "CREATE TABLE "
          + stage("ins")
          + " (__mc_seq BIGINT, __mc_unchanged VARCHAR"
          + staged
          + keyStaging("s")
          + ")",
      "CREATE TABLE " + stage("plain") + " (__mc_seq BIGINT" + staged + ")"
    };
  }

  /** The DDL of an empty mem slice with the mirror's columns. */
  private String bufTable() {
    StringBuilder cols = new StringBuilder();
    for (MirrorColumn c : schema.columns()) {
      cols.append(", ").append(Sql.identifier(c.name())).append(' ').append(c.type().duckType());
    }
    return "CREATE TABLE "
        + table("buf")
        + " (__mc_seq BIGINT, __mc_k1 UBIGINT, __mc_k2 UBIGINT"
        + cols
        + ")";
  }

  /** The view of the mirror's rows, as DuckDB SQL names it. */
  String viewName() {
    return "mc" + id;
  }

  MirrorSchema schema() {
    return schema;
  }

  /** Rows in the mem slice (not yet in a data file). */
  long bufferedRows() {
    return bufferedRows;
  }

  /**
   * The mirror's row count, from what it keeps (rows per file, deleted positions, the mem slice),
   * without reading its data files.
   */
  long rowCount() throws SQLException {
    try (Statement s = conn.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT coalesce(sum(rows), 0) FROM "
                    + table("files")
                    + ")"
                    + " - (SELECT count(*) FROM "
                    + table("dv")
                    + ")"
                    + " + (SELECT count(*) FROM "
                    + table("buf")
                    + ")")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  List<DataFileRef> files() {
    return List.copyOf(files);
  }

  /**
   * Applies the net effect of {@code batch}, inside the caller's DuckDB transaction; the caller
   * then calls {@link #keep} once it committed, or {@link #undo} once it rolled back.
   */
  void apply(ChangeBatch batch) throws SQLException {
    before =
        new Checkpoint(
            bufferedRows,
            viewReadsBuffer,
            new java.util.HashSet<>(filesWithDeletes),
            new ArrayList<>(files),
            removedFiles.size(),
            new ArrayList<>(frozen),
            new ArrayList<>(truncatedFrozen),
            rewrite != null && rewrite.truncated);
    index.begin();
    buffer.begin();
    // A statement first: DuckDB's appenders commit on their own when they start a transaction.
    exec(
        "DELETE FROM " + stage("ins"),
        "DELETE FROM " + stage("plain"),
        "DELETE FROM " + stage("del"),
        "DELETE FROM " + stage("gone"));
    long start = nextSeq;
    if (batch.truncated()) {
      exec(
          "DELETE FROM " + table("buf"),
          "DELETE FROM " + table("dv"),
          "DELETE FROM " + table("dvnew"),
          "DELETE FROM " + table("files"));
      files.forEach(f -> removedFiles.add(f.path()));
      files.clear();
      // Frozen mem slices become files that are then removed, in commit order.
      frozen.forEach(f -> removedFiles.add(f.file.path()));
      truncatedFrozen.addAll(frozen);
      frozen.clear();
      if (rewrite != null && !rewrite.truncated) {
        rewrite.truncated = true;
        if (rewrite.replacement.rows() > 0) {
          removedFiles.add(rewrite.replacement.path());
        }
      }
      index.clear();
      buffer.clear();
      filesWithDeletes.clear();
      bufferedRows = 0;
      replaceView();
    }
    boolean unresolved = stage(batch);
    if (nextSeq > start) {
      insertStaged(start, unresolved);
    }
    boolean deletes = batch.net().values().stream().anyMatch(n -> n.deleteExisting > 0);
    if (deletes) {
      deleteExisting(start);
    }
    syncView();
  }

  /** The batch applied last is committed in DuckDB. */
  void keep() {
    before = null;
    index.keep();
    buffer.keep();
  }

  /** The batch applied last was rolled back in DuckDB: the state outside it goes back too. */
  void undo() {
    if (before == null) {
      return;
    }
    bufferedRows = before.bufferedRows();
    viewReadsBuffer = before.viewReadsBuffer();
    filesWithDeletes.clear();
    filesWithDeletes.addAll(before.filesWithDeletes());
    files.clear();
    files.addAll(before.files());
    removedFiles.subList(before.removedFiles(), removedFiles.size()).clear();
    frozen.clear();
    frozen.addAll(before.frozen());
    truncatedFrozen.clear();
    truncatedFrozen.addAll(before.truncatedFrozen());
    if (rewrite != null) {
      rewrite.truncated = before.rewriteTruncated();
    }
    index.undo();
    buffer.undo();
    before = null;
  }

  /** Fills the staging tables; returns whether some row needs values from a stored row. */
  private boolean stage(ChangeBatch batch) throws SQLException {
    boolean unresolved = false;
    for (ChangeBatch.Net net : batch.net().values()) {
      for (ChangeBatch.Pending p : net.inserts) {
        unresolved |= p.source() != null;
      }
    }
    int[] keys = schema.keyColumns();
    try (DuckDBAppender ins = conn.createAppender(STAGE, stageName(unresolved ? "ins" : "plain"));
        DuckDBAppender del = conn.createAppender(STAGE, stageName("del"))) {
      for (ChangeBatch.Net net : batch.net().values()) {
        if (net.deleteExisting > 0) {
          del.beginRow().append((long) net.deleteExisting);
          appendTexts(del, net.keyRow, keys);
          del.endRow();
        }
        for (ChangeBatch.Pending p : net.inserts) {
          ins.beginRow().append(nextSeq++);
          String[] row = p.row();
          if (!unresolved) {
            appendTexts(ins, row, null);
            ins.endRow();
            continue;
          }
          if (p.source() == null) {
            ins.appendNull();
          } else {
            StringBuilder mask = new StringBuilder(",");
            for (int i = 0; i < row.length; i++) {
              if (row[i] == ChangeBatch.UNCHANGED) {
                mask.append(i).append(',');
              }
            }
            ins.append(mask.toString());
          }
          appendTexts(ins, row, null);
          appendTexts(ins, p.source(), keys);
          ins.endRow();
        }
      }
    }
    return unresolved;
  }

  /** Appends the texts of {@code row} at {@code columns} (all when null); NULLs for no row. */
  private void appendTexts(DuckDBAppender appender, String[] row, int[] columns)
      throws SQLException {
    int n = columns == null ? schema.size() : columns.length;
    for (int i = 0; i < n; i++) {
      String v = row == null ? null : row[columns == null ? i : columns[i]];
      if (v == null || v == ChangeBatch.UNCHANGED) {
        appender.appendNull();
      } else {
        appender.append(v);
      }
    }
  }

  /** Staging columns for the identity's texts, named {@code prefix0..}. */
  private String keyStaging(String prefix) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < schema.keyColumns().length; i++) {
      out.append(", ").append(prefix).append(i).append(" VARCHAR");
    }
    return out.toString();
  }

  /**
   * A row's identity as two 64-bit DuckDB hashes of its typed key values (given as SQL), so that it
   * is computed alike from staged text and, on reload, from the Parquet files.
   */
  static String identity(List<String> keyValues) {
    String args = String.join(", ", keyValues);
    return "hash(" + args + "), hash(" + args + ", 'mooncake')";
  }

  /** The SQL of the typed values of the staged identity texts {@code alias.prefix0..}. */
  private List<String> stagedKey(String alias, String prefix) {
    int[] keys = schema.keyColumns();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      ColumnType type = schema.columns().get(keys[i]).type();
      out.add(type.ingestSql(alias + "." + prefix + i));
    }
    return out;
  }

  /**
   * The SQL of the key columns of {@code alias}, cast to the mirror's types (a data file may hold a
   * wider type, e.g. int2 as an Iceberg int), so that identities hash alike everywhere.
   */
  List<String> storedKey(String alias) {
    List<String> out = new ArrayList<>();
    for (int k : schema.keyColumns()) {
      MirrorColumn c = schema.columns().get(k);
      out.add(
          "CAST(" + alias + "." + Sql.identifier(c.name()) + " AS " + c.type().duckType() + ")");
    }
    return out;
  }

  private void insertStaged(long start, boolean unresolved) throws SQLException {
    StringBuilder values = new StringBuilder("s.__mc_seq");
    for (int i = 0; i < schema.size(); i++) {
      MirrorColumn c = schema.columns().get(i);
      String ingest = c.type().ingestSql("s.c" + i);
      values.append(", ");
      if (unresolved) {
        // An unchanged TOASTed value keeps the stored row's value, never a default.
        values
            .append("CASE WHEN contains(s.__mc_unchanged, ',")
            .append(i)
            .append(",') THEN o.")
            .append(Sql.identifier(c.name()))
            .append(" ELSE ")
            .append(ingest)
            .append(" END");
      } else {
        values.append(ingest);
      }
      values.append(" AS ").append(Sql.identifier(c.name()));
    }
    String from = " FROM " + stage(unresolved ? "ins" : "plain") + " s";
    if (unresolved) {
      from +=
          " LEFT JOIN ("
              + storedRows()
              + ") o ON s.__mc_unchanged IS NOT NULL AND o.__mc_k1 = hash("
              + String.join(", ", stagedKey("s", "s"))
              + ") AND o.__mc_k2 = hash("
              + String.join(", ", stagedKey("s", "s"))
              + ", 'mooncake')";
    }
    prepared(
            "INSERT INTO "
                + table("buf")
                + " SELECT v.__mc_seq, "
                + identity(storedKey("v"))
                + ", "
                + schema.columnList("v")
                + " FROM (SELECT "
                + values
                + from
                + ") v ORDER BY v.__mc_seq")
        .execute();
    bufferedRows += nextSeq - start;
    PreparedStatement inserted =
        prepared(
            "SELECT __mc_seq, "
                + String.format(FileIdentities.SIGNED, "__mc_k1")
                + ", "
                + String.format(FileIdentities.SIGNED, "__mc_k2")
                + " FROM "
                + table("buf")
                + " WHERE __mc_seq >= ?");
    inserted.setLong(1, start);
    try (ResultSet rs = inserted.executeQuery()) {
      while (rs.next()) {
        buffer.add(rs.getLong(2), rs.getLong(3), rs.getLong(1));
      }
    }
  }

  /**
   * The rows stored before this batch, with their identity (the batch's own rows are not in the
   * view yet: the INSERT that reads this does not see its own rows).
   */
  private String storedRows() {
    String key = String.join(", ", storedKey("o"));
    return "SELECT hash("
        + key
        + ") AS __mc_k1, hash("
        + key
        + ", 'mooncake') AS __mc_k2, o.*"
        + " FROM "
        + viewName()
        + " o";
  }

  /**
   * Deletes the rows that existed before the batch: from the mem slice first (its oldest rows of
   * each identity, found in {@link BufferIdentities}), then from the files, found through the
   * identity index.
   */
  private void deleteExisting(long start) throws SQLException {
    PreparedStatement plan =
        prepared(
            "SELECT "
                + String.format(FileIdentities.SIGNED, "p.__mc_k1")
                + ", "
                + String.format(FileIdentities.SIGNED, "p.__mc_k2")
                + ", p.n FROM (SELECT "
                + identity(stagedKey("d", "k"))
                + ", d.n FROM "
                + stage("del")
                + " d) p(__mc_k1, __mc_k2, n)");
    List<long[]> fromFiles = new ArrayList<>();
    long fromBuffer = 0;
    try (ResultSet rs = plan.executeQuery();
        DuckDBAppender gone = conn.createAppender(STAGE, stageName("gone"))) {
      while (rs.next()) {
        long k1 = rs.getLong(1);
        long k2 = rs.getLong(2);
        int n = rs.getInt(3);
        long[] seqs = buffer.take(k1, k2, n, start);
        for (long seq : seqs) {
          gone.beginRow().append(seq).endRow();
        }
        fromBuffer += seqs.length;
        if (n > seqs.length) {
          fromFiles.add(new long[] {k1, k2, n - seqs.length});
        }
      }
    }
    if (fromBuffer > 0) {
      bufferedRows -=
          prepared(
                  "DELETE FROM "
                      + table("buf")
                      + " WHERE __mc_seq IN (SELECT seq FROM "
                      + stage("gone")
                      + ")")
              .executeUpdate();
    }
    List<IdentityIndex.Location> gone = new ArrayList<>();
    for (long[] d : fromFiles) {
      gone.addAll(index.delete(d[0], d[1], d[2]));
    }
    if (gone.isEmpty()) {
      return;
    }
    if (recordDeleted(gone)) {
      replaceView();
    }
  }

  /**
   * Records deleted positions in {@code mcN_dv} and, for Iceberg, {@code mcN_dvnew}; returns
   * whether a file got its first deleted position (its part of the view must then change).
   */
  private boolean recordDeleted(List<IdentityIndex.Location> gone) throws SQLException {
    for (String t : new String[] {"dv", "dvnew"}) {
      try (DuckDBAppender dv = conn.createAppender(table(t))) {
        for (IdentityIndex.Location l : gone) {
          dv.beginRow().append(l.fileId()).append(l.position()).endRow();
        }
      }
    }
    boolean newlyDirty = false;
    for (IdentityIndex.Location l : gone) {
      newlyDirty |= filesWithDeletes.add(l.fileId());
    }
    return newlyDirty;
  }

  /**
   * A mem slice set aside at a durability point (table {@code mcN_fK}), to be written to its data
   * file off the apply thread: it is already that file for everything else (its id, its row
   * positions in arrival order, its identities, its deleted positions), and the view reads the
   * table until the file is written and installed in its place.
   */
  static final class Frozen {
    private final DataFileRef file;
    private final String table;
    private final Set<Integer> smallints;
    private volatile boolean written;

    private Frozen(DataFileRef file, String table, Set<Integer> smallints) {
      this.file = file;
      this.table = table;
      this.smallints = smallints;
    }
  }

  /** Frozen mem slices not yet installed as their data files. */
  private final List<Frozen> frozen = new ArrayList<>();

  /** Frozen mem slices a TRUNCATE removed before they were written: dropped once written. */
  private final List<Frozen> truncatedFrozen = new ArrayList<>();

  /**
   * Sets the mem slice aside as the future data file of {@code table} and starts an empty one; null
   * when the mem slice is empty. {@link #write} then writes it (on any thread, with its own DuckDB
   * connection) and {@link #installWritten} puts the file in its place (on the apply thread).
   */
  Frozen freeze(MirrorTable table) throws SQLException {
    if (bufferedRows == 0) {
      return null;
    }
    DataFileRef file =
        new DataFileRef(
            nextFileId++, table.newDataFileLocation(), bufferedRows, physicalNames(schema));
    String name = "mc" + id + "_f" + file.fileId();
    // The batch statements name the mem slice's table: prepared again for the new one.
    closePrepared();
    exec("ALTER TABLE " + table("buf") + " RENAME TO " + name, bufTable());
    Frozen f = new Frozen(file, name, smallints());
    insertFileRow(file);
    indexIdentities(
        table,
        file,
        "SELECT __mc_k1, __mc_k2, row_number() OVER (ORDER BY __mc_seq) - 1 AS pos FROM " + name);
    frozen.add(f);
    buffer.clear();
    bufferedRows = 0;
    replaceView();
    return f;
  }

  /**
   * Writes frozen mem slice {@code f} to its Parquet file, in arrival order, through {@code duckdb}
   * (not the apply thread's connection when called off it), and returns the file's Iceberg entry.
   * Touches nothing else of the mirror.
   */
  static DataFile write(Frozen f, MirrorTable table, java.sql.Connection duckdb)
      throws SQLException {
    new DuckDbParquetWriter(table, f.smallints)
        .writeTo(duckdb, f.file.path(), "SELECT * FROM " + f.table, "__mc_seq");
    f.written = true;
    return new DuckDbParquetWriter(table).describe(f.file.path());
  }

  /** Whether a frozen mem slice is written and waits for {@link #installWritten}. */
  boolean hasWritten() {
    return frozen.stream().anyMatch(f -> f.written)
        || truncatedFrozen.stream().anyMatch(f -> f.written)
        || (rewrite != null && rewrite.written);
  }

  /**
   * Puts each written frozen mem slice's file in its place (inside the caller's DuckDB
   * transaction): the view reads the file, the table goes.
   */
  void installWritten() throws SQLException {
    boolean changed = false;
    for (java.util.Iterator<Frozen> it = frozen.iterator(); it.hasNext(); ) {
      Frozen f = it.next();
      if (f.written) {
        files.add(f.file);
        exec("DROP TABLE " + f.table);
        it.remove();
        changed = true;
      }
    }
    for (java.util.Iterator<Frozen> it = truncatedFrozen.iterator(); it.hasNext(); ) {
      Frozen f = it.next();
      if (f.written) {
        exec("DROP TABLE " + f.table);
        it.remove();
      }
    }
    if (changed) {
      replaceView();
    }
    if (rewrite != null && rewrite.written) {
      installRewrite();
    }
  }

  /**
   * Writes the mem slice, in arrival order, to a new Parquet data file of {@code table} (with
   * Iceberg field ids), moves its rows' identities to the index, and returns the file's Iceberg
   * entry (not yet committed); null when the mem slice is empty. {@link #freeze}, {@link #write}
   * and {@link #installWritten} at once.
   */
  DataFile flush(MirrorTable table) throws SQLException {
    Frozen f = freeze(table);
    if (f == null) {
      return null;
    }
    DataFile file = write(f, table, conn);
    installWritten();
    return file;
  }

  /**
   * The data files a TRUNCATE removed since the last call, and forgets them (their identities too).
   */
  List<String> takeRemovedFiles() {
    List<String> out = List.copyOf(removedFiles);
    removedFiles.clear();
    if (identityDir != null) {
      for (String path : out) {
        deleteIfExists(identityPath(path));
      }
    }
    return out;
  }

  /** Adds {@code file} to the mirror's data files (not yet to its view). */
  private void register(DataFileRef file) throws SQLException {
    insertFileRow(file);
    files.add(file);
  }

  /** Records {@code file} in {@code mcN_files}, where deleted positions find its path. */
  private void insertFileRow(DataFileRef file) throws SQLException {
    exec(
        "INSERT INTO "
            + table("files")
            + " VALUES ("
            + file.fileId()
            + ", "
            + Sql.literal(file.path())
            + ", "
            + file.rows()
            + ")");
  }

  /**
   * Indexes the identities of {@code file}'s rows by their positions (all of them: deleted ones are
   * known by their deletion vector), computed from the file, unless they are kept already (a
   * restart). Returns the file's row count.
   */
  private long index(MirrorTable table, DataFileRef file) throws SQLException {
    if (table != null) {
      identityDir = identityDir(table);
    }
    FileIdentities kept =
        file.rows() > 0 ? FileIdentities.read(identityPath(file.path()), file.rows()) : null;
    if (kept != null) {
      index.add(file.fileId(), kept, identityPath(file.path()));
      return kept.count();
    }
    return indexIdentities(table, file, identitiesOf(file));
  }

  /** The identities of {@code file}'s rows, computed from the file, by position. */
  private String identitiesOf(DataFileRef file) {
    return "SELECT "
        + identity(physicalKey(file))
        + ", p.file_row_number AS pos FROM read_parquet("
        + Sql.literal(file.path())
        + ", file_row_number = true) p";
  }

  /**
   * Writes the identities of {@code file}'s rows, given by {@code select} (columns {@code __mc_k1,
   * __mc_k2, pos}), beside the table and adds them to the index; returns how many.
   */
  private long indexIdentities(MirrorTable table, DataFileRef file, String select)
      throws SQLException {
    if (table != null) {
      identityDir = identityDir(table);
    }
    Path path = identityPath(file.path());
    FileIdentities ids;
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery(sortedIdentities(select))) {
      ids = FileIdentities.write(path, rs);
    }
    index.add(file.fileId(), ids, path);
    return ids.count();
  }

  /** Where the identities of {@code table}'s data files are kept: beside its Iceberg table. */
  private static Path identityDir(MirrorTable table) {
    return table.location().resolve("identities");
  }

  /** Where the identities of data file {@code dataPath} are kept. */
  private Path identityPath(String dataPath) {
    return identityPath(identityDir, dataPath);
  }

  private static Path identityPath(Path dir, String dataPath) {
    return dir.resolve(Path.of(dataPath).getFileName() + ".ids");
  }

  /**
   * The identities {@code select} gives (k1, k2, pos), as {@link FileIdentities#write} takes them.
   */
  private static String sortedIdentities(String select) {
    return "SELECT "
        + String.format(FileIdentities.SIGNED, "i.__mc_k1")
        + " AS a, "
        + String.format(FileIdentities.SIGNED, "i.__mc_k2")
        + " AS b, i.pos FROM ("
        + select
        + ") i(__mc_k1, __mc_k2, pos) ORDER BY a, b, i.pos";
  }

  /**
   * The field ids of the mirror's smallint columns: their data files keep them 16-bit, so that
   * DuckDB reads them in the mirror's type, without a cast between a filter and the scan.
   */
  private Set<Integer> smallints() {
    Set<Integer> out = new java.util.HashSet<>();
    for (MirrorColumn c : schema.columns()) {
      if (c.type().duckType().equals("SMALLINT")) {
        out.add(c.fieldId());
      }
    }
    return out;
  }

  /** Deletes {@code path} if it is there. */
  static void deleteIfExists(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  /**
   * Writes the rows of {@code select} ordered by {@code order} to a new Parquet data file of {@code
   * table} ({@link DuckDbParquetWriter#writeTo}); returns its path.
   */
  private String writeParquet(MirrorTable table, String select, String order) throws SQLException {
    String path = table.newDataFileLocation();
    new DuckDbParquetWriter(table, smallints()).writeTo(conn, path, select, order);
    return path;
  }

  /**
   * The data files worth rewriting: at least {@code minSmall} files under {@code smallRows} rows,
   * or files of more than 1,000 rows whose rows are mostly deleted. Empty when none, or while a
   * rewrite is under way.
   */
  List<DataFileRef> compactionCandidates(long smallRows, int minSmall) throws SQLException {
    if (rewrite != null) {
      return List.of();
    }
    Map<Integer, Long> deleted = new HashMap<>();
    try (Statement s = conn.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT file_id, count(*) FROM " + table("dv") + " GROUP BY file_id")) {
      while (rs.next()) {
        deleted.put(rs.getInt(1), rs.getLong(2));
      }
    }
    List<DataFileRef> small = new ArrayList<>();
    List<DataFileRef> picked = new ArrayList<>();
    for (DataFileRef f : files) {
      long dead = deleted.getOrDefault(f.fileId(), 0L);
      if (f.rows() - dead < smallRows) {
        small.add(f);
      } else if (f.rows() > 1_000 && dead * 2 > f.rows()) {
        picked.add(f);
      }
    }
    if (small.size() >= minSmall) {
      picked.addAll(small);
    }
    return picked;
  }

  /**
   * A compaction under way: data files whose live rows, as they were when it started ({@code
   * mcN_cK} holds their deleted positions then), are being written into one new file off the apply
   * thread. Deletes that reach those rows meanwhile are deleted positions of the old files, held
   * back from Iceberg, and become positions of the new file when it is installed.
   */
  static final class Rewrite {
    private final List<DataFileRef> chosen;
    private final String deletedThen;
    private final DataFileRef replacement;
    private final String live;
    private final String identities;
    private final Set<Integer> smallints;
    private volatile boolean written;
    private boolean truncated;

    private Rewrite(
        List<DataFileRef> chosen,
        String deletedThen,
        DataFileRef replacement,
        String live,
        String identities,
        Set<Integer> smallints) {
      this.smallints = smallints;
      this.chosen = chosen;
      this.deletedThen = deletedThen;
      this.replacement = replacement;
      this.live = live;
      this.identities = identities;
    }

    /** The paths of the files it replaces. */
    List<String> paths() {
      return chosen.stream().map(DataFileRef::path).collect(Collectors.toList());
    }
  }

  /** The compaction under way, or null. */
  private Rewrite rewrite;

  /** Whether a compaction is under way (its file not installed yet). */
  boolean rewriting() {
    return rewrite != null;
  }

  /**
   * Starts rewriting the live rows of {@code chosen} into one new data file of {@code table} (with
   * the current columns): {@link #write(Rewrite, MirrorTable, java.sql.Connection)} writes it (on
   * any thread, with its own DuckDB connection) and {@link #installWritten} puts it in place of the
   * old files. No deletes may be pending for Iceberg.
   */
  Rewrite startCompaction(MirrorTable table, List<DataFileRef> chosen) throws SQLException {
    List<DataFileRef> sorted = new ArrayList<>(chosen);
    sorted.sort(java.util.Comparator.comparingInt(DataFileRef::fileId));
    String ids =
        sorted.stream().map(f -> Integer.toString(f.fileId())).collect(Collectors.joining(", "));
    int newId = nextFileId++;
    String deletedThen = "mc" + id + "_c" + newId;
    exec(
        "CREATE TABLE "
            + deletedThen
            + " AS SELECT file_id, pos FROM "
            + table("dv")
            + " WHERE file_id IN ("
            + ids
            + ")");
    long rows = sorted.stream().mapToLong(DataFileRef::rows).sum();
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + deletedThen)) {
      rs.next();
      rows -= rs.getLong(1);
    }
    // The old files by path and id in the query itself: mcN_files changes meanwhile.
    String fileIds =
        sorted.stream()
            .map(f -> "(" + Sql.literal(f.path()) + ", " + f.fileId() + ")")
            .collect(Collectors.joining(", ", "(VALUES ", ") f(path, file_id)"));
    Map<Map<Integer, String>, List<DataFileRef>> groups = new java.util.LinkedHashMap<>();
    for (DataFileRef f : sorted) {
      groups.computeIfAbsent(f.columns(), k -> new ArrayList<>()).add(f);
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<Map<Integer, String>, List<DataFileRef>> g : groups.entrySet()) {
      parts.add(
          "SELECT "
              + FileViews.columns(schema, g.getKey())
              + ", f.file_id AS __mc_f,"
              + " p.file_row_number AS __mc_p FROM "
              + FileViews.parquetScan(g.getValue(), true)
              + " p JOIN "
              + fileIds
              + " ON f.path = p.filename ANTI JOIN "
              + deletedThen
              + " d ON d.file_id = f.file_id AND d.pos = p.file_row_number");
    }
    DataFileRef replacement =
        new DataFileRef(newId, table.newDataFileLocation(), rows, physicalNames(schema));
    identityDir = identityDir(table);
    rewrite =
        new Rewrite(
            sorted,
            deletedThen,
            replacement,
            String.join(" UNION ALL ", parts),
            identitiesOf(replacement),
            smallints());
    return rewrite;
  }

  /**
   * Writes compaction {@code r}'s new file and its identities through {@code duckdb}, and returns
   * the file's Iceberg entry (null when no row is left). Touches nothing else of the mirror.
   */
  static DataFile write(Rewrite r, MirrorTable table, java.sql.Connection duckdb)
      throws SQLException {
    DataFile out = null;
    if (r.replacement.rows() > 0) {
      String path = r.replacement.path();
      new DuckDbParquetWriter(table, r.smallints).writeTo(duckdb, path, r.live, "__mc_f, __mc_p");
      try (Statement s = duckdb.createStatement();
          ResultSet rs = s.executeQuery(sortedIdentities(r.identities))) {
        FileIdentities.write(identityPath(identityDir(table), path), rs);
      }
      out = new DuckDbParquetWriter(table).describe(path);
    }
    r.written = true;
    return out;
  }

  /** Puts a written compaction's file in place of the old ones (see {@link Rewrite}). */
  private void installRewrite() throws SQLException {
    Rewrite r = rewrite;
    rewrite = null;
    List<Integer> ids = r.chosen.stream().map(DataFileRef::fileId).collect(Collectors.toList());
    String idList = ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    if (r.truncated) {
      exec("DROP TABLE " + r.deletedThen);
      return;
    }
    // Each old file's positions deleted when the rewrite started; a later delete of position p
    // is at the old file's offset plus p less the earlier deletes before it.
    Map<Integer, Roaring64NavigableMap> then = new HashMap<>();
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT file_id, pos FROM " + r.deletedThen)) {
      while (rs.next()) {
        then.computeIfAbsent(rs.getInt(1), k -> new Roaring64NavigableMap()).addLong(rs.getLong(2));
      }
    }
    Map<Integer, Long> offsets = new HashMap<>();
    long offset = 0;
    for (DataFileRef f : r.chosen) {
      offsets.put(f.fileId(), offset);
      Roaring64NavigableMap gone = then.get(f.fileId());
      offset += f.rows() - (gone == null ? 0 : gone.getLongCardinality());
    }
    List<IdentityIndex.Location> later = new ArrayList<>();
    try (Statement s = conn.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT d.file_id, d.pos FROM "
                    + table("dv")
                    + " d ANTI JOIN "
                    + r.deletedThen
                    + " t USING (file_id, pos) WHERE d.file_id IN ("
                    + idList
                    + ")")) {
      while (rs.next()) {
        int fileId = rs.getInt(1);
        long pos = rs.getLong(2);
        Roaring64NavigableMap gone = then.get(fileId);
        later.add(
            new IdentityIndex.Location(
                r.replacement.fileId(),
                offsets.get(fileId) + pos - (gone == null ? 0 : gone.rankLong(pos))));
      }
    }
    index.remove(ids);
    exec(
        "DELETE FROM " + table("dv") + " WHERE file_id IN (" + idList + ")",
        "DELETE FROM " + table("dvnew") + " WHERE file_id IN (" + idList + ")",
        "DELETE FROM " + table("files") + " WHERE file_id IN (" + idList + ")",
        "DROP TABLE " + r.deletedThen);
    files.removeIf(f -> ids.contains(f.fileId()));
    ids.forEach(filesWithDeletes::remove);
    DataFileRef n = r.replacement;
    if (n.rows() > 0) {
      register(n);
      // The commit thread wrote its identities beside it.
      index(null, n);
      for (IdentityIndex.Location l : later) {
        index.markDeleted(l.fileId(), l.position());
      }
      recordDeleted(later);
    }
    replaceView();
  }

  /** The positions deleted since the last call, per data file path, and forgets them. */
  Map<String, Roaring64NavigableMap> takeNewDeletes() throws SQLException {
    Map<String, Roaring64NavigableMap> out = new HashMap<>();
    // Deletes of files being rewritten wait for the new file (Iceberg replaces the old ones).
    String held =
        rewrite == null
            ? ""
            : rewrite.chosen.stream()
                .map(f -> Integer.toString(f.fileId()))
                .collect(Collectors.joining(", ", " WHERE file_id NOT IN (", ")"));
    try (Statement s = conn.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT f.path, d.pos FROM "
                    + table("dvnew")
                    + " d JOIN "
                    + table("files")
                    + " f USING (file_id)"
                    + held.replace("file_id", "d.file_id"))) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1), k -> new Roaring64NavigableMap())
            .addLong(rs.getLong(2));
      }
    }
    exec("DELETE FROM " + table("dvnew") + held);
    return out;
  }

  /**
   * Loads the state of an Iceberg table (its live data files and their deleted positions) and
   * rebuilds the identity index from the files' key columns.
   */
  void restore(MirrorTable table) throws SQLException {
    MirrorState state = table.state();
    for (LiveDataFile live : state.dataFiles()) {
      int fileId = nextFileId++;
      String path = live.path();
      DataFileRef ref =
          new DataFileRef(fileId, path, live.recordCount(), FileViews.parquetColumns(conn, path));
      register(ref);
      Roaring64NavigableMap deleted = live.deletedPositions();
      if (!deleted.isEmpty()) {
        filesWithDeletes.add(fileId);
        try (DuckDBAppender dv = conn.createAppender(table("dv"))) {
          for (long pos : deleted.toArray()) {
            dv.beginRow().append(fileId).append(pos).endRow();
            index.markDeleted(fileId, pos);
          }
        }
      }
      index(table, ref);
    }
    replaceView();
  }

  /**
   * Writes rows given as PostgreSQL text by {@code textSelect} (columns {@code c0..cN} of type
   * VARCHAR, in the source's column order) straight to a new data file of {@code table}, and
   * indexes their identities by their positions in that file: the initial copy, without a pass
   * through the mem slice. Returns the file's Iceberg entry, or null when there is no row.
   */
  DataFile bulkLoad(MirrorTable table, String textSelect) throws SQLException {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < schema.size(); i++) {
      MirrorColumn c = schema.columns().get(i);
      values
          .append(i == 0 ? "" : ", ")
          .append(c.type().ingestSql("t.c" + i))
          .append(" AS ")
          .append(Sql.identifier(c.name()));
    }
    String path = writeParquet(table, "SELECT " + values + " FROM (" + textSelect + ") t", null);
    DataFileRef file = new DataFileRef(nextFileId++, path, 0, physicalNames(schema));
    long rows = index(table, file);
    if (rows == 0) {
      index.remove(List.of(file.fileId()));
      deleteIfExists(Path.of(path));
      return null;
    }
    register(new DataFileRef(file.fileId(), path, rows, file.columns()));
    replaceView();
    return new DuckDbParquetWriter(table).describe(path);
  }

  /** Drops everything of this mirror from DuckDB (its files on disk are the caller's). */
  void drop() throws SQLException {
    closePrepared();
    for (Frozen f : frozen) {
      exec("DROP TABLE IF EXISTS " + f.table);
    }
    for (Frozen f : truncatedFrozen) {
      exec("DROP TABLE IF EXISTS " + f.table);
    }
    if (rewrite != null) {
      exec("DROP TABLE IF EXISTS " + rewrite.deletedThen);
    }
    exec("DROP VIEW IF EXISTS " + viewName());
    for (String t : new String[] {"buf", "files", "dv", "dvnew"}) {
      exec("DROP TABLE IF EXISTS " + table(t));
    }
    for (String t : new String[] {"ins", "plain", "del", "gone"}) {
      exec("DROP TABLE IF EXISTS " + stage(t));
    }
  }

  /** Whether the view reads the mem slice (it does not while the mem slice is empty). */
  private boolean viewReadsBuffer;

  /** Rebuilds the view when the mem slice became empty or stopped being empty. */
  private void syncView() throws SQLException {
    if ((bufferedRows > 0 || files.isEmpty()) != viewReadsBuffer) {
      replaceView();
    }
  }

  private void replaceView() throws SQLException {
    // A UNION ALL with the mem slice costs DuckDB its Parquet shortcuts (counts from metadata,
    // filters in the scan): an empty mem slice is left out.
    viewReadsBuffer = bufferedRows > 0 || files.isEmpty();
    List<String> parts = new ArrayList<>();
    if (viewReadsBuffer) {
      parts.add("SELECT " + schema.columnList("") + " FROM " + table("buf"));
    }
    // A frozen mem slice's row positions are those of its future file: its arrival order.
    for (Frozen f : frozen) {
      if (filesWithDeletes.contains(f.file.fileId())) {
        parts.add(
            "SELECT "
                + schema.columnList("p")
                + " FROM (SELECT *, row_number() OVER (ORDER BY __mc_seq) - 1 AS __mc_pos FROM "
                + f.table
                + ") p ANTI JOIN (SELECT pos FROM "
                + table("dv")
                + " WHERE file_id = "
                + f.file.fileId()
                + ") d ON d.pos = p.__mc_pos");
      } else {
        parts.add("SELECT " + schema.columnList("") + " FROM " + f.table);
      }
    }
    // Files written under different schemas (columns added, dropped, renamed) are read in groups,
    // each column found by its Iceberg field id. Only files with deleted positions need the join
    // that drops them.
    parts.addAll(FileViews.parts(schema, files, filesWithDeletes, table("dv")));
    exec("CREATE OR REPLACE VIEW " + viewName() + " AS " + String.join(" UNION ALL ", parts));
  }

  /** The key columns of a file's rows, by their names in that file. */
  private List<String> physicalKey(DataFileRef file) {
    List<String> out = new ArrayList<>();
    for (int k : schema.keyColumns()) {
      MirrorColumn c = schema.columns().get(k);
      out.add(
          "CAST(p."
              + Sql.identifier(file.columns().get(c.fieldId()))
              + " AS "
              + c.type().duckType()
              + ")");
    }
    return out;
  }

  private static Map<Integer, String> physicalNames(MirrorSchema schema) {
    Map<Integer, String> out = new java.util.TreeMap<>();
    for (MirrorColumn c : schema.columns()) {
      out.put(c.fieldId(), c.name());
    }
    return out;
  }

  /**
   * Changes the mirror to {@code next} (same columns by field id, some added, dropped or renamed):
   * the mem slice's columns follow; files keep theirs and are read by field id. Rows already in the
   * mem slice get an added column's missing value, as PostgreSQL's do.
   */
  void evolve(MirrorSchema next) throws SQLException {
    if (!frozen.isEmpty() || rewrite != null) {
      // Its table has the old columns; the engine installs written files before a change.
      throw new IllegalStateException("a frozen mem slice of " + viewName() + " is not written");
    }
    closePrepared();
    Map<Integer, MirrorColumn> before = new java.util.HashMap<>();
    schema.columns().forEach(c -> before.put(c.fieldId(), c));
    Map<Integer, MirrorColumn> after = new java.util.HashMap<>();
    next.columns().forEach(c -> after.put(c.fieldId(), c));
    for (MirrorColumn c : schema.columns()) {
      MirrorColumn n = after.get(c.fieldId());
      if (n == null) {
        exec("ALTER TABLE " + table("buf") + " DROP COLUMN " + Sql.identifier(c.name()));
      } else if (!n.name().equals(c.name())) {
        exec(
            "ALTER TABLE "
                + table("buf")
                + " RENAME COLUMN "
                + Sql.identifier(c.name())
                + " TO "
                + Sql.identifier(n.name()));
      }
    }
    for (MirrorColumn n : next.columns()) {
      if (!before.containsKey(n.fieldId())) {
        exec(
            "ALTER TABLE "
                + table("buf")
                + " ADD COLUMN "
                + Sql.identifier(n.name())
                + " "
                + n.type().duckType());
        if (n.missingSql() != null) {
          exec(
              "UPDATE "
                  + table("buf")
                  + " SET "
                  + Sql.identifier(n.name())
                  + " = "
                  + n.missingSql());
        }
      }
    }
    schema = next;
    exec("DROP TABLE " + stage("ins"), "DROP TABLE " + stage("plain"));
    exec(insertStaging());
    replaceView();
  }

  /** A scan of {@code files}; with {@code positions}, each row's file name and row number too. */
  private String table(String part) {
    return "mc" + id + "_" + part;
  }

  private String stageName(String part) {
    return "m" + id + "_" + part;
  }

  private String stage(String part) {
    return STAGE + "." + stageName(part);
  }

  /** Statements run for every batch, kept prepared until the mirror's columns change. */
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  private PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement p = prepared.get(sql);
    if (p == null) {
      p = conn.prepareStatement(sql);
      prepared.put(sql, p);
    }
    return p;
  }

  private void closePrepared() throws SQLException {
    for (PreparedStatement p : prepared.values()) {
      p.close();
    }
    prepared.clear();
  }

  private void exec(String... statements) throws SQLException {
    try (Statement s = conn.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
