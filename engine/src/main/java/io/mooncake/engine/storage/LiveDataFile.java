package io.mooncake.engine.storage;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * A data file of a mirror's snapshot together with its deletion vector: the row positions of the
 * file (0-based, in file order) that no longer exist. Immutable: {@link #deletedPositions()} hands
 * out a copy.
 */
public final class LiveDataFile {

  private static final Roaring64NavigableMap NONE = new Roaring64NavigableMap();

  private final DataFile dataFile;
  private final DeleteFile deletionVector;
  private final Roaring64NavigableMap deleted;

  LiveDataFile(DataFile dataFile, DeleteFile deletionVector, Roaring64NavigableMap deleted) {
    this.dataFile = dataFile;
    this.deletionVector = deletionVector;
    this.deleted = deleted == null ? NONE : deleted;
  }

  /** The Parquet file's location (a plain local path). */
  public String path() {
    return dataFile.location();
  }

  /** Rows in the file, deleted ones included. */
  public long recordCount() {
    return dataFile.recordCount();
  }

  /** Rows of the file still live. */
  public long liveRecordCount() {
    return dataFile.recordCount() - deleted.getLongCardinality();
  }

  public long fileSizeInBytes() {
    return dataFile.fileSizeInBytes();
  }

  /** How many positions of this file are deleted. */
  public long deletedCount() {
    return deleted.getLongCardinality();
  }

  public boolean isDeleted(long position) {
    return deleted.contains(position);
  }

  /** A copy of the deleted positions. */
  public Roaring64NavigableMap deletedPositions() {
    Roaring64NavigableMap copy = new Roaring64NavigableMap();
    copy.or(deleted);
    return copy;
  }

  /** The Iceberg entry of the data file. */
  public DataFile dataFile() {
    return dataFile;
  }

  /** The Iceberg entry of the file's deletion vector (a blob in a Puffin file), or null. */
  public DeleteFile deletionVector() {
    return deletionVector;
  }

  /** The deleted positions themselves, shared: callers in this package must not modify them. */
  Roaring64NavigableMap deletedShared() {
    return deleted;
  }

  @Override
  public String toString() {
    return path() + " (" + recordCount() + " rows, " + deletedCount() + " deleted)";
  }
}
