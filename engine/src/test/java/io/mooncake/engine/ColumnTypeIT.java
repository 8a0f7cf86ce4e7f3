package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every type in {@code types/roundtrip.txt}: PostgreSQL's text form of each value, ingested
 * into DuckDB as the engine stores it and read back, is exactly PostgreSQL's text form again.
 */
class ColumnTypeIT {

  private static final EmbeddedPg PG = PgFixture.get();
  // A zone with a half-hour offset today and an LMT offset with seconds in the past.
  private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
  private static Connection pg;
  private static Connection duck;

  @BeforeAll
  static void connect() throws SQLException {
    // Simple query mode: every value comes back as PostgreSQL's own text output.
    pg =
        DriverManager.getConnection(
            PG.jdbcUrl(PG.createDatabase("column_types")) + "&preferQueryMode=simple");
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = '" + ZONE.getId() + "'");
    }
    try (Statement s = pg.createStatement()) {
      s.execute("SET TimeZone = '" + ZONE.getId() + "'");
    }
  }

  @AfterAll
  static void close() throws SQLException {
    pg.close();
    duck.close();
  }

  static Stream<String> cases() throws IOException {
    try (InputStream in = ColumnTypeIT.class.getResourceAsStream("/types/roundtrip.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.isBlank() && !l.startsWith("#"))
              .collect(java.util.stream.Collectors.toList())
              .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void postgresTextSurvivesTheMirror(String line) throws SQLException {
    String type = line.substring(0, line.indexOf('|')).trim();
    String[] literals = line.substring(line.indexOf('|') + 1).split(" ; ");
    List<String> expected = postgresText(type, literals);
    ColumnType column = ColumnType.of(describe(type));

    List<String> actual = throughDuckDb(column, expected);

    assertThat(actual).as("%s stored as %s", type, column.duckType()).isEqualTo(expected);
  }

  private static List<String> postgresText(String type, String[] literals) throws SQLException {
    try (Statement s = pg.createStatement()) {
      s.execute("DROP TABLE IF EXISTS t");
      s.execute("CREATE TABLE t (i int, v " + type + ")");
      for (int i = 0; i < literals.length; i++) {
        s.execute("INSERT INTO t VALUES (" + i + ", " + literals[i].trim() + ")");
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT v FROM t ORDER BY i")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  private static PgType describe(String type) throws SQLException {
    try (ResultSet rs =
        pg.createStatement()
            .executeQuery(
                "SELECT a.atttypid, a.atttypmod, t.typtype, t.typcategory,"
                    + " format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                    + " JOIN pg_type t ON t.oid = a.atttypid"
                    + " WHERE a.attrelid = 't'::regclass AND a.attname = 'v'")) {
      rs.next();
      String typtype = rs.getString(3);
      PgType.Kind kind =
          rs.getString(4).equals("A")
              ? PgType.Kind.ARRAY
              : typtype.equals("b")
                  ? PgType.Kind.BASE
                  : typtype.equals("r") || typtype.equals("m")
                      ? PgType.Kind.RANGE
                      : PgType.Kind.OTHER;
      return new PgType(
          rs.getInt(1), rs.getInt(2), kind, rs.getInt(1), rs.getInt(2), rs.getString(5));
    }
  }

  private static List<String> throughDuckDb(ColumnType column, List<String> texts)
      throws SQLException {
    try (Statement s = duck.createStatement()) {
      s.execute("CREATE OR REPLACE TABLE staging (i INTEGER, v VARCHAR)");
      try (PreparedStatement ps = duck.prepareStatement("INSERT INTO staging VALUES (?, ?)")) {
        for (int i = 0; i < texts.size(); i++) {
          ps.setInt(1, i);
          ps.setString(2, texts.get(i));
          ps.executeUpdate();
        }
      }
      s.execute(
          "CREATE OR REPLACE TABLE m AS SELECT i, " + column.ingestSql("v") + " AS v FROM staging");
      List<String> out = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery("SELECT " + column.outputSql("v") + " FROM m ORDER BY i")) {
        while (rs.next()) {
          out.add(column.outputText(rs.getObject(1), ZONE));
        }
      }
      return out;
    }
  }
}
