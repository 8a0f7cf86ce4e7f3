package io.mooncake.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.LongConsumer;

/**
 * The row identities of one data file, sorted, in a file of their own that is memory-mapped (off
 * the Java heap; the operating system caches it): records of (identity's first hash, second hash,
 * row position), 24 bytes each, then a trailer with the count and a checksum. A lookup is a binary
 * search of a small in-heap array holding every 256th first hash, then of one block of the file, so
 * deleting a row costs the same in a mirror of a thousand rows as in one of a billion.
 *
 * <p>The hashes are DuckDB's unsigned 64-bit values shifted by 2^63 into signed longs ({@link
 * #SIGNED}), so that Java's and DuckDB's orders agree. The file depends on the data file alone: it
 * is kept beside the mirror's table, read again at a restart when its trailer checks, and written
 * again from the data file when not. Immutable; safe for any thread.
 */
final class FileIdentities {

  /** SQL turning a DuckDB {@code UBIGINT} hash into the signed long stored here. */
  static final String SIGNED = "(%s::HUGEINT - 9223372036854775808)::BIGINT";

  private static final int RECORD = 24;
  private static final int TRAILER = 24;
  private static final long MAGIC = 0x6d6f6f6e6964_0001L;
  private static final int FENCE = 256;

  /** Records per mapped chunk (a mapping holds at most 2 GB). */
  private static final long CHUNK_RECORDS = (1L << 30) / RECORD;

  private final long count;
  private final MappedByteBuffer[] chunks;
  private final long[] fences;

  private FileIdentities(long count, MappedByteBuffer[] chunks) {
    this.count = count;
    this.chunks = chunks;
    this.fences = new long[(int) ((count + FENCE - 1) / FENCE)];
    for (int i = 0; i < fences.length; i++) {
      fences[i] = k1((long) i * FENCE);
    }
  }

  /**
   * Writes the identities that {@code sorted} returns (columns: first hash, second hash, position,
   * as {@link #SIGNED} longs, ordered by all three) to {@code path}, and maps it. The file appears
   * whole or not at all.
   */
  static FileIdentities write(Path path, ResultSet sorted) throws SQLException {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    long n = 0;
    long sum = 0;
    try {
      Files.createDirectories(path.getParent());
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.allocate(RECORD * 4096).order(ByteOrder.LITTLE_ENDIAN);
        while (sorted.next()) {
          long k1 = sorted.getLong(1);
          long k2 = sorted.getLong(2);
          long pos = sorted.getLong(3);
          buf.putLong(k1).putLong(k2).putLong(pos);
          sum = mix(sum, k1, k2, pos);
          n++;
          if (!buf.hasRemaining()) {
            drain(ch, buf);
          }
        }
        buf.putLong(MAGIC).putLong(n).putLong(sum);
        drain(ch, buf);
      }
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return map(path, n);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the row identities " + path, e);
    }
  }

  /**
   * The identities kept in {@code path} for a data file of {@code rows} rows, or null when the file
   * is missing, of another length, or its checksum fails (it is then written again).
   */
  static FileIdentities read(Path path, long rows) {
    try {
      if (!Files.isRegularFile(path) || Files.size(path) != rows * RECORD + TRAILER) {
        return null;
      }
      FileIdentities ids = map(path, rows);
      ByteBuffer trailer = ids.chunks[ids.chunks.length - 1].duplicate();
      trailer.order(ByteOrder.LITTLE_ENDIAN);
      long at = (rows - (ids.chunks.length - 1) * CHUNK_RECORDS) * RECORD;
      if (trailer.getLong((int) at) != MAGIC || trailer.getLong((int) at + 8) != rows) {
        return null;
      }
      long sum = 0;
      for (long i = 0; i < rows; i++) {
        sum = mix(sum, ids.k1(i), ids.k2(i), ids.position(i));
      }
      return sum == trailer.getLong((int) at + 16) ? ids : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Calls {@code out} with each position (ascending) of a row whose identity is (k1, k2). */
  void positions(long k1, long k2, LongConsumer out) {
    // The last fence below k1 starts the block where k1's first record can be.
    int lo = 0;
    int hi = fences.length - 1;
    int block = 0;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (fences[mid] < k1) {
        block = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    long from = (long) block * FENCE;
    long to = Math.min(count, from + FENCE);
    // First record not below (k1, k2); equal first hashes may run past the block.
    while (from < to) {
      long mid = (from + to) >>> 1;
      long m1 = k1(mid);
      if (m1 < k1 || (m1 == k1 && k2(mid) < k2)) {
        from = mid + 1;
      } else {
        to = mid;
      }
    }
    for (long i = from; i < count && k1(i) == k1; i++) {
      long m2 = k2(i);
      if (m2 == k2) {
        out.accept(position(i));
      } else if (m2 > k2) {
        break;
      }
    }
  }

  /** How many rows the data file has. */
  long count() {
    return count;
  }

  private long k1(long i) {
    return get(i, 0);
  }

  private long k2(long i) {
    return get(i, 8);
  }

  private long position(long i) {
    return get(i, 16);
  }

  private long get(long record, int field) {
    MappedByteBuffer chunk = chunks[(int) (record / CHUNK_RECORDS)];
    return chunk.getLong((int) ((record % CHUNK_RECORDS) * RECORD) + field);
  }

  private static FileIdentities map(Path path, long rows) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      int n = (int) Math.max(1, (rows + CHUNK_RECORDS - 1) / CHUNK_RECORDS);
      MappedByteBuffer[] chunks = new MappedByteBuffer[n];
      for (int c = 0; c < n; c++) {
        long start = c * CHUNK_RECORDS * RECORD;
        // The last chunk holds the trailer too.
        long size = c == n - 1 ? ch.size() - start : CHUNK_RECORDS * RECORD;
        chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, start, size);
        chunks[c].order(ByteOrder.LITTLE_ENDIAN);
      }
      return new FileIdentities(rows, chunks);
    }
  }

  private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    buf.clear();
  }

  private static long mix(long sum, long k1, long k2, long pos) {
    long h = sum * 0x9E3779B97F4A7C15L + k1;
    h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L + k2;
    return (h ^ (h >>> 32)) * 0x94D049BB133111EBL + pos;
  }
}
