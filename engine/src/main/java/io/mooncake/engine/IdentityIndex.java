package io.mooncake.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * Where the rows of a mirror's data files are: each file's row identities ({@link FileIdentities})
 * and its deleted positions. Finding the rows a batch deletes costs a few lookups per row, whatever
 * the size of the mirror (a scan of an index table in DuckDB cost 10 ms per batch on 2 million
 * rows, and grew with them).
 *
 * <p>Changes made while a batch is applied can be undone ({@link #undo}) when DuckDB rolls the
 * batch back, and are kept by {@link #keep} once it commits. Used by the apply thread only.
 */
final class IdentityIndex {

  /** A deleted row: its data file's id and its position there. */
  record Location(int fileId, long position) {}

  private TreeMap<Integer, FileIdentities> files = new TreeMap<>();
  private Map<Integer, Roaring64NavigableMap> deleted = new HashMap<>();
  private final Map<Integer, Path> paths = new HashMap<>();

  // What the batch being applied changed, to undo it.
  private TreeMap<Integer, FileIdentities> filesBefore;
  private Map<Integer, Roaring64NavigableMap> deletedBefore;
  private final List<Location> deletedInBatch = new ArrayList<>();

  /** Adds data file {@code fileId}, its identities kept at {@code path}. */
  void add(int fileId, FileIdentities ids, Path path) {
    files.put(fileId, ids);
    paths.put(fileId, path);
  }

  /** Marks a position of {@code fileId} deleted (a deletion vector read at a restart). */
  void markDeleted(int fileId, long position) {
    deleted.computeIfAbsent(fileId, k -> new Roaring64NavigableMap()).addLong(position);
  }

  /**
   * Finds at most {@code n} rows of identity (k1, k2) that are not deleted yet, in file and
   * position order, and marks them deleted.
   */
  List<Location> delete(long k1, long k2, long n) {
    List<Location> out = new ArrayList<>();
    for (Map.Entry<Integer, FileIdentities> f : files.entrySet()) {
      if (out.size() >= n) {
        break;
      }
      int fileId = f.getKey();
      Roaring64NavigableMap gone = deleted.get(fileId);
      f.getValue()
          .positions(
              k1,
              k2,
              pos -> {
                if (out.size() < n && (gone == null || !gone.contains(pos))) {
                  out.add(new Location(fileId, pos));
                }
              });
    }
    for (Location l : out) {
      markDeleted(l.fileId(), l.position());
      if (filesBefore != null) {
        deletedInBatch.add(l);
      }
    }
    return out;
  }

  /** Forgets the data files {@code fileIds} (rewritten by a compaction) and their identities. */
  void remove(List<Integer> fileIds) {
    for (int id : fileIds) {
      files.remove(id);
      deleted.remove(id);
      Path path = paths.remove(id);
      if (path != null) {
        TableMirror.deleteIfExists(path);
      }
    }
  }

  /** Forgets every data file (a TRUNCATE); their identity files go with the data files. */
  void clear() {
    files = new TreeMap<>();
    deleted = new HashMap<>();
  }

  /** Starts a batch: what follows can be undone until {@link #keep}. */
  void begin() {
    filesBefore = files;
    deletedBefore = deleted;
    deletedInBatch.clear();
  }

  /** The batch is committed. */
  void keep() {
    filesBefore = null;
    deletedBefore = null;
    deletedInBatch.clear();
  }

  /** The batch was rolled back: back to the state at {@link #begin}. */
  void undo() {
    if (filesBefore == null) {
      return;
    }
    if (deleted == deletedBefore) {
      for (Location l : deletedInBatch) {
        Roaring64NavigableMap gone = deleted.get(l.fileId());
        if (gone != null) {
          gone.removeLong(l.position());
        }
      }
    }
    files = filesBefore;
    deleted = deletedBefore;
    keep();
  }
}
