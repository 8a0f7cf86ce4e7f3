package io.mooncake.engine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.DVFileWriter;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.SeekableInputStream;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * Reads and writes Iceberg v3 deletion vectors: one Puffin file per commit holding one {@code
 * deletion-vector-v1} blob per data file. A DV is always written whole (old and new positions), so
 * the commit can drop the file's previous DV.
 */
final class DeletionVectors {

  private DeletionVectors() {}

  /** The positions in the blob {@code dv} points at. */
  static Roaring64NavigableMap read(FileIO io, DeleteFile dv) {
    byte[] blob = new byte[Math.toIntExact(dv.contentSizeInBytes())];
    try (SeekableInputStream in = io.newInputFile(dv.location()).newStream()) {
      in.seek(dv.contentOffset());
      int read = 0;
      while (read < blob.length) {
        int n = in.read(blob, read, blob.length - read);
        if (n < 0) {
          throw new IOException("truncated deletion vector at " + dv.contentOffset());
        }
        read += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read deletion vector " + dv.location(), e);
    }
    // Iceberg checks the blob's magic and CRC here.
    PositionDeleteIndex index = PositionDeleteIndex.deserialize(blob, dv);
    Roaring64NavigableMap positions = new Roaring64NavigableMap();
    index.forEach(positions::addLong);
    return positions;
  }

  /**
   * Writes one Puffin file with a DV per entry of {@code positionsByDataFile} and returns the DV
   * entries by data file path. Writes nothing when the map is empty.
   */
  static Map<String, DeleteFile> write(
      Table table, Map<String, Roaring64NavigableMap> positionsByDataFile) {
    Map<String, DeleteFile> result = new HashMap<>();
    if (positionsByDataFile.isEmpty()) {
      return result;
    }
    // Names are <partition>-<task>-<random operation id>-<n>.puffin: unique without a counter.
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 0, 0).format(FileFormat.PUFFIN).build();
    PartitionSpec spec = table.spec();
    // Previous DVs are not loaded here: the caller passes complete positions and removes them.
    DVFileWriter writer = new BaseDVFileWriter(files, path -> null);
    try (DVFileWriter closing = writer) {
      positionsByDataFile.forEach(
          (path, positions) -> positions.forEach(pos -> closing.delete(path, pos, spec, null)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write deletion vectors for " + table.name(), e);
    }
    for (DeleteFile dv : writer.result().deleteFiles()) {
      result.put(dv.referencedDataFile(), dv);
    }
    return result;
  }
}
