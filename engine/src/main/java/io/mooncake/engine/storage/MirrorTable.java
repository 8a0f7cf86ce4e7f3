package io.mooncake.engine.storage;

import io.mooncake.engine.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * One mirror's Iceberg v3 table in a directory ({@code metadata/}, {@code data/}), openable by path
 * by any Iceberg reader. Every snapshot's summary carries the source LSN it covers under {@link
 * #LSN_SUMMARY_KEY}, so recovery is: open, read {@link MirrorState#lsn()}, replay from there.
 *
 * <p>Not thread-safe: one thread (the database's apply thread) commits; the {@link MirrorState}s it
 * returns are immutable and may be shared.
 */
public final class MirrorTable {

  /** Snapshot summary key holding the source LSN ({@link Lsn#toString()}) the snapshot covers. */
  public static final String LSN_SUMMARY_KEY = "mooncake.lsn";

  /** Snapshots kept at most, whatever their age ({@link #expireSnapshots}). */
  public static final int MAX_SNAPSHOTS = 300;

  /** Table property naming the source table, e.g. {@code public.orders}. */
  public static final String SOURCE_PROPERTY = "mooncake.source";

  private final Path location;
  private final Table table;
  private MirrorState state;

  private MirrorTable(Path location, Table table, MirrorState state) {
    this.location = location;
    this.table = table;
    this.state = state;
  }

  /**
   * Creates an empty format-v3 table at {@code location}. Iceberg assigns fresh field ids: use
   * {@link #schema()} afterwards, not the schema passed in.
   */
  public static MirrorTable create(Path location, Schema schema, String source) {
    Path root = location.toAbsolutePath().normalize();
    DirectoryTableOperations ops = new DirectoryTableOperations(root, new LocalFileIO());
    if (ops.refresh() != null) {
      throw new IllegalStateException("an Iceberg table already exists at " + root);
    }
    Map<String, String> properties = new HashMap<>();
    properties.put(TableProperties.FORMAT_VERSION, "3");
    properties.put(SOURCE_PROPERTY, source);
    // Every flush commits: keep the metadata directory from growing without bound.
    properties.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    properties.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "10");
    TableMetadata metadata =
        TableMetadata.newTableMetadata(
            schema,
            PartitionSpec.unpartitioned(),
            SortOrder.unsorted(),
            root.toString(),
            properties);
    ops.commit(null, metadata);
    Table table = new BaseTable(ops, root.toString());
    return new MirrorTable(root, table, new MirrorState(OptionalLong.empty(), Lsn.ZERO, Map.of()));
  }

  /**
   * Table property holding the signature of the source's columns the table mirrors (names, type
   * OIDs and modifiers), so that a restart sees a column change made while no engine ran.
   */
  public static final String COLUMNS_PROPERTY = "mooncake.source-columns";

  /** Sets table property {@code key} (a metadata commit). */
  public void setProperty(String key, String value) {
    table.updateProperties().set(key, value).commit();
  }

  /** Table property {@code key}, or null. */
  public String property(String key) {
    return table.properties().get(key);
  }

  /** Opens the table at {@code location} and reads its current state. */
  public static MirrorTable open(Path location) {
    Path root = location.toAbsolutePath().normalize();
    DirectoryTableOperations ops = new DirectoryTableOperations(root, new LocalFileIO());
    if (ops.refresh() == null) {
      throw new NoSuchTableException("no Iceberg table at %s", root);
    }
    Table table = new BaseTable(ops, root.toString());
    return new MirrorTable(root, table, readState(table));
  }

  /**
   * The Iceberg table at {@code location} for reading only, as it is now ({@link Table#refresh()}
   * reads its newer metadata); null when there is none.
   */
  public static Table readOnly(Path location) {
    Path root = location.toAbsolutePath().normalize();
    DirectoryTableOperations ops = new DirectoryTableOperations(root, new LocalFileIO());
    return ops.refresh() == null ? null : new BaseTable(ops, root.toString());
  }

  /** The positions deletion vector {@code dv} of {@code table} deletes. */
  public static Roaring64NavigableMap deletedPositions(Table table, DeleteFile dv) {
    return DeletionVectors.read(table.io(), dv);
  }

  /** Whether a table exists at {@code location}. */
  public static boolean exists(Path location) {
    return Files.isDirectory(location.resolve("metadata"))
        && new DirectoryTableOperations(location.toAbsolutePath(), new LocalFileIO()).refresh()
            != null;
  }

  private static MirrorState readState(Table table) {
    Snapshot snapshot = table.currentSnapshot();
    if (snapshot == null) {
      return new MirrorState(OptionalLong.empty(), Lsn.ZERO, Map.of());
    }
    Map<String, LiveDataFile> files = new LinkedHashMap<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().planWith(CallerRuns.INSTANCE).planFiles()) {
      for (FileScanTask task : tasks) {
        DeleteFile dv = task.deletes().isEmpty() ? null : onlyDv(task);
        Roaring64NavigableMap deleted = dv == null ? null : DeletionVectors.read(table.io(), dv);
        files.put(task.file().location(), new LiveDataFile(task.file(), dv, deleted));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new MirrorState(OptionalLong.of(snapshot.snapshotId()), lsnOf(snapshot), files);
  }

  private static DeleteFile onlyDv(FileScanTask task) {
    if (task.deletes().size() != 1 || task.deletes().get(0).referencedDataFile() == null) {
      throw new IllegalStateException(
          "expected one deletion vector for "
              + task.file().location()
              + ", found "
              + task.deletes());
    }
    return task.deletes().get(0);
  }

  /** The source LSN snapshot {@code snapshot} of a mirror's table covers. */
  public static Lsn lsnOf(Snapshot snapshot) {
    String text = snapshot.summary().get(LSN_SUMMARY_KEY);
    if (text == null) {
      throw new IllegalStateException(
          "snapshot "
              + snapshot.snapshotId()
              + " has no "
              + LSN_SUMMARY_KEY
              + ": not written by mooncake");
    }
    return Lsn.parse(text);
  }

  /** The table's root directory. */
  public Path location() {
    return location;
  }

  /** The schema with the field ids data files must carry. */
  public Schema schema() {
    return table.schema();
  }

  /** The Iceberg table, for readers and maintenance. */
  public Table table() {
    return table;
  }

  /** The state after the last commit (or as opened). */
  public MirrorState state() {
    return state;
  }

  /** A fresh location under {@code data/} for a new data file. */
  public String newDataFileLocation() {
    return table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
  }

  /**
   * Commits one snapshot covering the source up to {@code lsn}: adds {@code newFiles} and deletes
   * {@code deletes} (positions per data file path; a file may be one being added). A file that
   * already has a DV gets a new one holding old and new positions, and its old DV is removed.
   */
  public MirrorState commit(
      Lsn lsn, Collection<DataFile> newFiles, Map<String, Roaring64NavigableMap> deletes) {
    if (state.lsn().isAfter(lsn)) {
      throw new IllegalArgumentException("LSN " + lsn + " is before the table's " + state.lsn());
    }
    Map<String, DataFile> added = new LinkedHashMap<>();
    newFiles.forEach(f -> added.put(f.location(), f));
    Map<String, Roaring64NavigableMap> complete = new HashMap<>();
    Set<DeleteFile> replaced = new HashSet<>();
    deletes.forEach(
        (path, positions) -> {
          LiveDataFile live = state.dataFile(path);
          DataFile file = live != null ? live.dataFile() : added.get(path);
          if (file == null) {
            throw new IllegalArgumentException("delete on a file that is not live: " + path);
          }
          if (!positions.isEmpty() && positions.last() >= file.recordCount()) {
            throw new IllegalArgumentException(
                "position "
                    + positions.last()
                    + " beyond the "
                    + file.recordCount()
                    + " rows of "
                    + path);
          }
          Roaring64NavigableMap all = new Roaring64NavigableMap();
          all.or(positions);
          if (live != null && live.deletionVector() != null) {
            all.or(live.deletedShared());
            replaced.add(live.deletionVector());
          }
          complete.put(path, all);
        });

    Map<String, DeleteFile> dvs = DeletionVectors.write(table, complete);
    RowDelta delta =
        table
            .newRowDelta()
            .scanManifestsWith(CallerRuns.INSTANCE)
            .writeManifestsWith(CallerRuns.INSTANCE, 1);
    added.values().forEach(delta::addRows);
    dvs.values().forEach(delta::addDeletes);
    replaced.forEach(delta::removeDeletes);
    // Validation only looks at snapshots after this one (and Iceberg checks one DV per file).
    state.snapshotId().ifPresent(delta::validateFromSnapshot);
    delta.set(LSN_SUMMARY_KEY, lsn.toString());
    commitOrCleanUp(delta::commit, dvs.values());

    Map<String, LiveDataFile> files = new LinkedHashMap<>(state.filesByPath());
    added.values().forEach(f -> files.put(f.location(), new LiveDataFile(f, null, null)));
    dvs.forEach(
        (path, dv) ->
            files.put(path, new LiveDataFile(files.get(path).dataFile(), dv, complete.get(path))));
    state = new MirrorState(OptionalLong.of(table.currentSnapshot().snapshotId()), lsn, files);
    return state;
  }

  /**
   * Replaces data files (and their DVs) by {@code replacement}, which must hold exactly their live
   * rows; null when none is left. The snapshot keeps the current LSN: the content is unchanged.
   */
  public MirrorState compact(Collection<String> paths, DataFile replacement) {
    Set<DataFile> removedFiles = new HashSet<>();
    Set<DeleteFile> removedDvs = new HashSet<>();
    long liveRows = 0;
    for (String path : paths) {
      LiveDataFile live = state.dataFile(path);
      if (live == null) {
        throw new IllegalArgumentException("cannot compact a file that is not live: " + path);
      }
      removedFiles.add(live.dataFile());
      if (live.deletionVector() != null) {
        removedDvs.add(live.deletionVector());
      }
      liveRows += live.liveRecordCount();
    }
    long replacementRows = replacement == null ? 0 : replacement.recordCount();
    if (replacementRows != liveRows) {
      throw new IllegalArgumentException(
          "compaction of " + liveRows + " live rows produced " + replacementRows + " rows");
    }
    RewriteFiles rewrite =
        table
            .newRewrite()
            .scanManifestsWith(CallerRuns.INSTANCE)
            .writeManifestsWith(CallerRuns.INSTANCE, 1);
    removedFiles.forEach(rewrite::deleteFile);
    removedDvs.forEach(rewrite::deleteFile);
    if (replacement != null) {
      rewrite.addFile(replacement);
    }
    state.snapshotId().ifPresent(rewrite::validateFromSnapshot);
    rewrite.set(LSN_SUMMARY_KEY, state.lsn().toString());
    rewrite.commit();

    Map<String, LiveDataFile> files = new LinkedHashMap<>(state.filesByPath());
    paths.forEach(files::remove);
    if (replacement != null) {
      files.put(replacement.location(), new LiveDataFile(replacement, null, null));
    }
    state =
        new MirrorState(OptionalLong.of(table.currentSnapshot().snapshotId()), state.lsn(), files);
    return state;
  }

  /**
   * Removes data files (and their DVs) whose rows the source deleted all at once (TRUNCATE), in a
   * snapshot covering the source up to {@code lsn}.
   */
  public MirrorState removeFiles(Lsn lsn, Collection<String> paths) {
    if (state.lsn().isAfter(lsn)) {
      throw new IllegalArgumentException("LSN " + lsn + " is before the table's " + state.lsn());
    }
    RowDelta delta =
        table
            .newRowDelta()
            .scanManifestsWith(CallerRuns.INSTANCE)
            .writeManifestsWith(CallerRuns.INSTANCE, 1);
    Map<String, LiveDataFile> files = new LinkedHashMap<>(state.filesByPath());
    for (String path : paths) {
      LiveDataFile live = files.remove(path);
      if (live == null) {
        continue;
      }
      delta.removeRows(live.dataFile());
      if (live.deletionVector() != null) {
        delta.removeDeletes(live.deletionVector());
      }
    }
    state.snapshotId().ifPresent(delta::validateFromSnapshot);
    delta.set(LSN_SUMMARY_KEY, lsn.toString());
    delta.commit();
    state = new MirrorState(OptionalLong.of(table.currentSnapshot().snapshotId()), lsn, files);
    return state;
  }

  /**
   * Expires the snapshots committed before {@code olderThanMillis} (never the current one) and
   * deletes the files that only they referenced. Readers of an expired snapshot may fail.
   */
  public void expireSnapshots(long olderThanMillis) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return;
    }
    // Every commit writes the metadata file with all snapshots kept: readers in other processes
    // that ask for commits could make thousands an hour. The newest MAX_SNAPSHOTS stay.
    java.util.List<Long> times = new java.util.ArrayList<>();
    table.snapshots().forEach(s -> times.add(s.timestampMillis()));
    times.sort(java.util.Comparator.reverseOrder());
    long cutoff = olderThanMillis;
    if (times.size() > MAX_SNAPSHOTS) {
      cutoff = Math.max(cutoff, times.get(MAX_SNAPSHOTS - 1));
    }
    boolean any = false;
    for (Snapshot s : table.snapshots()) {
      any |= s.snapshotId() != current.snapshotId() && s.timestampMillis() < cutoff;
    }
    if (any) {
      table
          .expireSnapshots()
          .executeDeleteWith(CallerRuns.INSTANCE)
          .planWith(CallerRuns.INSTANCE)
          .expireOlderThan(cutoff)
          .retainLast(1)
          .commit();
    }
  }

  private void commitOrCleanUp(Runnable commit, Collection<DeleteFile> written) {
    try {
      commit.run();
    } catch (RuntimeException e) {
      // The Puffin file is shared by all DVs of this commit; nothing else references it yet.
      written.stream().map(DeleteFile::location).distinct().forEach(table.io()::deleteFile);
      throw e;
    }
  }

  @Override
  public String toString() {
    return "MirrorTable(" + location + ", " + state + ")";
  }
}
