package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A data file's identities, written from DuckDB's sorted rows and looked up: every identity finds
 * exactly its positions (also runs of equal first hashes across the in-heap fences, equal rows,
 * DuckDB's hashes above 2^63), absent ones find none, and a kept file is read again only when it is
 * whole.
 */
class FileIdentitiesTest {

  @TempDir Path dir;

  /** Rows of (k1, k2, position): {@code distinct} identities over {@code rows} positions. */
  private static String rows(int rows, int distinct) {
    // Few first hashes with several second hashes each make long runs of equal k1; the rest are
    // DuckDB hashes, half of them above 2^63.
    return "SELECT CASE WHEN i % "
        + distinct
        + " < "
        + Math.max(1, distinct / 4)
        + " THEN (i % 4) - 2 ELSE "
        + String.format(FileIdentities.SIGNED, "hash(i % " + distinct + ")")
        + " END AS a, "
        + String.format(FileIdentities.SIGNED, "hash(i % " + distinct + ", 'x')")
        + " AS b, i AS pos FROM range("
        + rows
        + ") t(i)";
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 255, 256, 257, 5_000, 70_000})
  void everyIdentityFindsExactlyItsPositions(int n) throws SQLException {
    int distinct = Math.max(1, n / 3);
    Map<List<Long>, List<Long>> expected = new HashMap<>();
    FileIdentities ids;
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      try (ResultSet rs = s.executeQuery(rows(n, distinct))) {
        while (rs.next()) {
          expected
              .computeIfAbsent(List.of(rs.getLong(1), rs.getLong(2)), k -> new ArrayList<>())
              .add(rs.getLong(3));
        }
      }
      try (ResultSet rs = s.executeQuery(rows(n, distinct) + " ORDER BY a, b, pos")) {
        ids = FileIdentities.write(dir.resolve("f.ids"), rs);
      }
    }
    assertThat(ids.count()).isEqualTo(n);
    for (Map.Entry<List<Long>, List<Long>> e : expected.entrySet()) {
      assertThat(positions(ids, e.getKey().get(0), e.getKey().get(1)))
          .as("identity %s", e.getKey())
          .isEqualTo(e.getValue());
    }
    assertThat(positions(ids, 12345L, 6789L)).isEmpty();
    assertThat(positions(ids, Long.MIN_VALUE, Long.MIN_VALUE)).isEmpty();
    assertThat(positions(ids, Long.MAX_VALUE, Long.MAX_VALUE)).isEmpty();
    if (n > 0) {
      List<Long> first = expected.keySet().iterator().next();
      assertThat(positions(ids, first.get(0), first.get(1) + 1)).isEmpty();
    }
  }

  @Test
  void keptFileIsReadAgainOnlyWhenWhole() throws SQLException, IOException {
    Path path = dir.resolve("kept.ids");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery(rows(1_000, 300) + " ORDER BY a, b, pos")) {
      FileIdentities.write(path, rs);
    }
    FileIdentities again = FileIdentities.read(path, 1_000);
    assertThat(again).isNotNull();
    assertThat(again.count()).isEqualTo(1_000);
    // Another row count (another data file), a missing file, a changed byte: written again.
    assertThat(FileIdentities.read(path, 999)).isNull();
    assertThat(FileIdentities.read(dir.resolve("missing.ids"), 1_000)).isNull();
    Path torn = dir.resolve("torn.ids");
    Files.copy(path, torn);
    try (FileChannel ch = FileChannel.open(torn, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {42}), 24 * 500 + 3);
    }
    assertThat(FileIdentities.read(torn, 1_000)).isNull();
    assertThat(Files.exists(dir.resolve("kept.ids.tmp"))).isFalse();
  }

  private static List<Long> positions(FileIdentities ids, long k1, long k2) {
    List<Long> out = new ArrayList<>();
    ids.positions(k1, k2, out::add);
    return out;
  }
}
