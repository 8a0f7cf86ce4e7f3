package io.mooncake.engine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.LocationProviders;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * Table operations for a table that is nothing but its directory, in the layout of Iceberg's
 * path-based ("Hadoop") tables: {@code metadata/v<N>.metadata.json} plus {@code
 * metadata/version-hint.text} naming the newest N. Spark's {@code HadoopTables}, DuckDB's {@code
 * iceberg_scan(dir)} and any reader given the metadata file open it without a catalog service.
 *
 * <p>The commit is a hard link of the new metadata file to its final name, which fails when another
 * writer took that version first. One writer per table is expected; this only detects a second one.
 */
final class DirectoryTableOperations implements TableOperations {

  private static final String VERSION_HINT = "version-hint.text";
  private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.metadata\\.json");

  private final Path metadataDir;
  private final FileIO io;
  private TableMetadata current;
  private int version;

  DirectoryTableOperations(Path location, FileIO io) {
    this.metadataDir = location.resolve("metadata");
    this.io = io;
  }

  @Override
  public TableMetadata current() {
    return current;
  }

  @Override
  public TableMetadata refresh() {
    int newest = Math.max(readVersionHint(), version);
    // The hint is written after the commit: a crash in between leaves newer files behind it.
    while (Files.exists(versionFile(newest + 1))) {
      newest++;
    }
    if (newest > 0 && (current == null || newest != version)) {
      current = TableMetadataParser.read(io, versionFile(newest).toString());
      version = newest;
    }
    return current;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    if (base != current) {
      throw new CommitFailedException(
          "Cannot commit: table %s changed since it was read", metadataDir);
    }
    if (base == metadata) {
      return;
    }
    if (metadata.properties().containsKey(TableProperties.WRITE_METADATA_LOCATION)) {
      throw new IllegalArgumentException("a directory table keeps its metadata in " + metadataDir);
    }
    // Data files, DVs and manifests were forced when written; their directory entries now.
    LocalFileIO.syncDirectory(metadataDir.resolveSibling("data"));
    LocalFileIO.syncDirectory(metadataDir);
    int next = version + 1;
    Path target = versionFile(next);
    Path temp = metadataDir.resolve(UUID.randomUUID() + ".metadata.json.tmp");
    TableMetadataParser.write(metadata, io.newOutputFile(temp.toString()));
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      throw new CommitFailedException(
          e, "Cannot commit: version %s of %s already exists", next, metadataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit " + target, e);
    } finally {
      io.deleteFile(temp.toString());
    }
    LocalFileIO.syncDirectory(metadataDir);
    writeVersionHint(next);
    CatalogUtil.deleteRemovedMetadataFiles(io, base, metadata);
    current = TableMetadataParser.read(io, target.toString());
    version = next;
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return metadataDir.resolve(fileName).toString();
  }

  @Override
  public LocationProvider locationProvider() {
    return LocationProviders.locationsFor(current.location(), current.properties());
  }

  /** Metadata is written uncompressed (the parser picks the codec from the name). */
  private Path versionFile(int n) {
    return metadataDir.resolve("v" + n + ".metadata.json");
  }

  private int readVersionHint() {
    Path hint = metadataDir.resolve(VERSION_HINT);
    try {
      return Integer.parseInt(Files.readString(hint, StandardCharsets.UTF_8).trim());
    } catch (IOException | NumberFormatException e) {
      return newestVersionFile();
    }
  }

  private int newestVersionFile() {
    if (!Files.isDirectory(metadataDir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(metadataDir)) {
      return files
          .map(p -> VERSION_FILE.matcher(p.getFileName().toString()))
          .filter(Matcher::matches)
          .mapToInt(m -> Integer.parseInt(m.group(1)))
          .max()
          .orElse(0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + metadataDir, e);
    }
  }

  private void writeVersionHint(int n) {
    Path temp = metadataDir.resolve(UUID.randomUUID() + "-" + VERSION_HINT);
    try {
      Files.writeString(temp, Integer.toString(n), StandardCharsets.UTF_8);
      Files.move(
          temp,
          metadataDir.resolve(VERSION_HINT),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // The hint is only a shortcut: readers probe for newer versions past it.
      io.deleteFile(temp.toString());
    }
  }
}
