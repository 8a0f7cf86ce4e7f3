package io.mooncake.engine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The live data files of a mirror table's snapshots, each with its deletion vector, for a reader
 * that follows the table from snapshot to snapshot. Manifests never change once written, so each is
 * read once: a commit adds one or two, where a scan plan would read every manifest of the snapshot
 * again (tens of milliseconds on a table with a hundred small ones). Not thread-safe.
 */
public final class SnapshotFiles {

  /** A data file of a snapshot, with its deletion vector (null when none). */
  public record SnapshotFile(String path, long recordCount, DeleteFile deletionVector) {}

  private final Map<String, List<DataFile>> dataManifests = new HashMap<>();
  private final Map<String, List<DeleteFile>> deleteManifests = new HashMap<>();

  /** The live data files of {@code snapshot} of {@code table}. */
  public List<SnapshotFile> files(Table table, Snapshot snapshot) {
    List<DataFile> data = new ArrayList<>();
    Map<String, DeleteFile> dvs = new HashMap<>();
    Set<String> listed = new HashSet<>();
    for (ManifestFile m : snapshot.allManifests(table.io())) {
      listed.add(m.path());
      if (m.content() == ManifestContent.DATA) {
        data.addAll(dataManifests.computeIfAbsent(m.path(), p -> dataFiles(table, m)));
        continue;
      }
      for (DeleteFile d : deleteManifests.computeIfAbsent(m.path(), p -> deleteFiles(table, m))) {
        if (d.referencedDataFile() == null || dvs.put(d.referencedDataFile(), d) != null) {
          throw new IllegalStateException(
              "expected one deletion vector per data file, found " + d.location());
        }
      }
    }
    dataManifests.keySet().retainAll(listed);
    deleteManifests.keySet().retainAll(listed);
    List<SnapshotFile> out = new ArrayList<>();
    for (DataFile f : data) {
      out.add(new SnapshotFile(f.location(), f.recordCount(), dvs.get(f.location())));
    }
    return out;
  }

  private static List<DataFile> dataFiles(Table table, ManifestFile manifest) {
    return live(ManifestFiles.read(manifest, table.io(), table.specs()));
  }

  private static List<DeleteFile> deleteFiles(Table table, ManifestFile manifest) {
    return live(ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs()));
  }

  /** The live entries of a manifest, copied (the reader reuses its objects). */
  private static <F extends ContentFile<F>> List<F> live(ManifestReader<F> manifest) {
    List<F> out = new ArrayList<>();
    try (ManifestReader<F> reader = manifest) {
      for (F f : reader) {
        out.add(f.copyWithoutStats());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
