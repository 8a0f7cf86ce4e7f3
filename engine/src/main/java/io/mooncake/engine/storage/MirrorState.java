package io.mooncake.engine.storage;

import io.mooncake.engine.Lsn;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one Iceberg snapshot of a mirror holds: its live data files with their deletion vectors, and
 * the source LSN the snapshot covers ({@link Lsn#ZERO} before the first commit). Immutable, so it
 * can be published to readers while the next commit is prepared.
 */
public final class MirrorState {

  private final OptionalLong snapshotId;
  private final Lsn lsn;
  private final Map<String, LiveDataFile> files;

  MirrorState(OptionalLong snapshotId, Lsn lsn, Map<String, LiveDataFile> files) {
    this.snapshotId = snapshotId;
    this.lsn = lsn;
    this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /** The Iceberg snapshot this state was read from or committed as; empty for a new table. */
  public OptionalLong snapshotId() {
    return snapshotId;
  }

  /** The source position up to which the snapshot holds every change. */
  public Lsn lsn() {
    return lsn;
  }

  /** The live data files, in commit order. */
  public List<LiveDataFile> dataFiles() {
    return List.copyOf(files.values());
  }

  /** The live data file at this location, or null. */
  public LiveDataFile dataFile(String path) {
    return files.get(path);
  }

  /** Rows visible in this state: records of all files minus their deleted positions. */
  public long liveRecordCount() {
    return files.values().stream().mapToLong(LiveDataFile::liveRecordCount).sum();
  }

  Map<String, LiveDataFile> filesByPath() {
    return files;
  }

  @Override
  public String toString() {
    return "MirrorState(snapshot " + snapshotId + ", lsn " + lsn + ", " + files.size() + " files)";
  }
}
