package io.mooncake.engine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * Iceberg {@link FileIO} on the local file system, without Hadoop. Locations are plain absolute
 * paths (a {@code file:} URI is accepted too). Files written through it are forced to disk on
 * close, because a commit must be durable before the replication slot is confirmed.
 */
final class LocalFileIO implements FileIO {

  private static final long serialVersionUID = 1L;

  static Path toPath(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  @Override
  public InputFile newInputFile(String location) {
    return org.apache.iceberg.Files.localInput(toPath(location).toFile());
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return newInputFile(location);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new SyncedOutputFile(toPath(location));
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(toPath(location));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + location, e);
    }
  }

  /** An output file whose stream is a {@link FileChannel}, forced on close. */
  private static final class SyncedOutputFile implements OutputFile {
    private final Path path;

    SyncedOutputFile(Path path) {
      this.path = path;
    }

    @Override
    public PositionOutputStream create() {
      return open(StandardOpenOption.CREATE_NEW);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private PositionOutputStream open(StandardOpenOption... options) {
      try {
        Files.createDirectories(path.getParent());
        StandardOpenOption[] all = new StandardOpenOption[options.length + 1];
        System.arraycopy(options, 0, all, 0, options.length);
        all[options.length] = StandardOpenOption.WRITE;
        return new ChannelOutputStream(FileChannel.open(path, all));
      } catch (FileAlreadyExistsException e) {
        throw new AlreadyExistsException(e, "File already exists: %s", path);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + path, e);
      }
    }

    @Override
    public String location() {
      return path.toString();
    }

    @Override
    public InputFile toInputFile() {
      return org.apache.iceberg.Files.localInput(path.toFile());
    }

    @Override
    public String toString() {
      return location();
    }
  }

  private static final class ChannelOutputStream extends PositionOutputStream {
    private final FileChannel channel;
    private long position;

    ChannelOutputStream(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
      while (buffer.hasRemaining()) {
        position += channel.write(buffer);
      }
    }

    @Override
    public void close() throws IOException {
      if (channel.isOpen()) {
        try (FileChannel closing = channel) {
          closing.force(true);
        }
      }
    }
  }

  /** Forces a file written by someone else (DuckDB) to disk. */
  static void syncFile(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync " + file, e);
    }
  }

  /** Forces a directory's entries (new or renamed files) to disk; a no-op where unsupported. */
  static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (NoSuchFileException e) {
      // Nothing was written there.
    } catch (IOException e) {
      // Some file systems refuse to open or force a directory; the rename itself is still atomic.
    }
  }
}
