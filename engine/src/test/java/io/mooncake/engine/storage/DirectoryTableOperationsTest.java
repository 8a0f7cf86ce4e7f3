package io.mooncake.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTableOperationsTest {

  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  @TempDir Path dir;

  private TableMetadata create(DirectoryTableOperations ops) {
    TableMetadata metadata =
        TableMetadata.newTableMetadata(
            SCHEMA, PartitionSpec.unpartitioned(), dir.toString(), Map.of("format-version", "3"));
    ops.commit(null, metadata);
    return ops.current();
  }

  private static TableMetadata withProperty(TableMetadata base, String value) {
    return TableMetadata.buildFrom(base).setProperties(Map.of("k", value)).build();
  }

  @Test
  void writesTheHadoopLayout() throws Exception {
    DirectoryTableOperations ops = new DirectoryTableOperations(dir, new LocalFileIO());
    assertThat(ops.refresh()).isNull();
    TableMetadata v1 = create(ops);
    ops.commit(v1, withProperty(v1, "2"));

    assertThat(dir.resolve("metadata/v1.metadata.json")).exists();
    assertThat(dir.resolve("metadata/v2.metadata.json")).exists();
    assertThat(dir.resolve("metadata/version-hint.text")).hasContent("2");
    assertThat(ops.current().metadataFileLocation())
        .isEqualTo(dir.resolve("metadata/v2.metadata.json").toString());
    try (var files = Files.list(dir.resolve("metadata"))) {
      assertThat(files).hasSize(3);
    }
    assertThat(new DirectoryTableOperations(dir, new LocalFileIO()).refresh().property("k", null))
        .isEqualTo("2");
  }

  @Test
  void aStaleOrSecondWriterCannotCommit() {
    DirectoryTableOperations ops = new DirectoryTableOperations(dir, new LocalFileIO());
    TableMetadata v1 = create(ops);
    DirectoryTableOperations other = new DirectoryTableOperations(dir, new LocalFileIO());
    TableMetadata seenByOther = other.refresh();

    ops.commit(v1, withProperty(v1, "mine"));

    assertThatThrownBy(() -> ops.commit(v1, withProperty(v1, "stale")))
        .isInstanceOf(CommitFailedException.class);
    assertThatThrownBy(() -> other.commit(seenByOther, withProperty(seenByOther, "theirs")))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("version 2");
    assertThat(new DirectoryTableOperations(dir, new LocalFileIO()).refresh().property("k", null))
        .isEqualTo("mine");
  }

  @Test
  void findsVersionsPastAStaleOrMissingHint() throws Exception {
    DirectoryTableOperations ops = new DirectoryTableOperations(dir, new LocalFileIO());
    TableMetadata v1 = create(ops);
    ops.commit(v1, withProperty(v1, "2"));
    ops.commit(ops.current(), withProperty(ops.current(), "3"));

    Files.writeString(dir.resolve("metadata/version-hint.text"), "1");
    assertThat(new DirectoryTableOperations(dir, new LocalFileIO()).refresh().property("k", null))
        .isEqualTo("3");
    Files.delete(dir.resolve("metadata/version-hint.text"));
    assertThat(new DirectoryTableOperations(dir, new LocalFileIO()).refresh().property("k", null))
        .isEqualTo("3");
  }
}
