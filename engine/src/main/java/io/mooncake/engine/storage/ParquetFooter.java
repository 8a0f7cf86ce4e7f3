package io.mooncake.engine.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Reads a Parquet file's footer straight from the file. Parquet's own {@code ParquetFileReader}
 * would do it too, but its read options load Hadoop's {@code Configuration} (and with it
 * hadoop-common, the mapreduce API, woodstox, commons-collections4 and Hadoop's Guava: 12.6 MB in
 * the driver jar); the footer itself is plain Thrift.
 */
final class ParquetFooter {

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private ParquetFooter() {}

  static ParquetMetadata read(Path file) {
    try (FileChannel channel = FileChannel.open(file)) {
      long size = channel.size();
      ByteBuffer tail = readFully(channel, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
      byte[] magic = new byte[4];
      tail.position(4);
      tail.get(magic);
      long length = Integer.toUnsignedLong(tail.getInt(0));
      if (size < 12 || !java.util.Arrays.equals(magic, MAGIC) || length > size - 12) {
        throw new IOException(
            "not an unencrypted Parquet file (size " + size + ", footer " + length + ")");
      }
      ByteBuffer footer = readFully(channel, size - 8 - length, (int) length);
      return new ParquetMetadataConverter()
          .fromParquetMetadata(Util.readFileMetaData(new ByteArrayInputStream(footer.array())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Parquet footer of " + file, e);
    }
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of file at " + (position + buffer.position()));
      }
    }
    return buffer.flip();
  }
}
