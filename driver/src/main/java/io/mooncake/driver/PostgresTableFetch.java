package io.mooncake.driver;

import io.mooncake.calcite.PostgresTable;
import io.mooncake.engine.ColumnType;
import io.mooncake.engine.PgCsv;
import io.mooncake.engine.PgType;
import io.mooncake.engine.Sql;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.core.Field;

/**
 * The ordinary PostgreSQL tables a mirror query joins, made available to DuckDB: each one's
 * referenced columns are fetched through the session's own connection (so PostgreSQL checks the
 * privileges and the rows are those the session sees) with {@code COPY ... TO STDOUT}, and loaded
 * into a temporary DuckDB table under the name the translated query uses, each value stored as a
 * mirror would store it. Not thread-safe: one per query.
 */
final class PostgresTableFetch implements AutoCloseable {

  /**
   * Above this many rows (PostgreSQL's estimate), a joined table is not fetched: the query runs on
   * PostgreSQL, which can use the table's indexes.
   */
  static final long MAX_ROWS = 2_000_000;

  private static final java.util.regex.Pattern ROWS =
      java.util.regex.Pattern.compile(" rows=(\\d+) ");

  private final MooncakeConnection conn;
  private final Connection duck;
  private final List<String> loaded = new ArrayList<>();
  private final List<TextStoredColumns.Column> fetched = new ArrayList<>();

  PostgresTableFetch(MooncakeConnection conn, Connection duck) {
    this.conn = conn;
    this.duck = duck;
  }

  /** Fetches {@code table} into DuckDB; 0A000 when it is too large to fetch. */
  void load(PostgresTable table) throws SQLException {
    String select = table.selectSql();
    Field[] fields;
    try (PreparedStatement ps = conn.delegate.prepareStatement(select)) {
      fields = MirrorQueries.fields(ps.getMetaData());
    }
    long estimate = estimatedRows(table);
    if (estimate > MAX_ROWS) {
      throw SqlState.FEATURE_NOT_SUPPORTED.exception(
          "the joined PostgreSQL table "
              + String.join(".", table.nameParts())
              + " has about "
              + estimate
              + " rows, more than mooncake fetches for DuckDB ("
              + MAX_ROWS
              + ")");
    }
    Map<Integer, PgType.Kind> kinds = kinds(fields);
    Path csv;
    try {
      csv = Files.createTempFile("mooncake-join", ".csv");
    } catch (IOException e) {
      throw new SQLException("cannot create a temporary file: " + e.getMessage(), "58030", e);
    }
    try {
      try (OutputStream out = Files.newOutputStream(csv)) {
        conn.delegate
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyOut("COPY (" + select + ") TO STDOUT (FORMAT csv)", out);
      } catch (IOException e) {
        throw new SQLException("cannot fetch " + select + ": " + e.getMessage(), "58030", e);
      }
      StringBuilder columns = new StringBuilder();
      StringBuilder empty = new StringBuilder();
      for (int i = 0; i < fields.length; i++) {
        Field f = fields[i];
        PgType.Kind kind = kinds.getOrDefault(f.getOID(), PgType.Kind.OTHER);
        PgType type =
            new PgType(f.getOID(), f.getMod(), kind, f.getOID(), f.getMod(), "oid " + f.getOID());
        String separator = i == 0 ? "" : ", ";
        String value = ColumnType.of(type).ingestSql("c" + i);
        fetched.add(new TextStoredColumns.Column(f.getColumnLabel(), type));
        columns
            .append(separator)
            // char(n) without its padding blanks, as mirrors read it
            .append(TextStoredColumns.padded(type) ? "rtrim(" + value + ", ' ')" : value)
            .append(" AS ")
            .append(Sql.identifier(f.getColumnLabel()));
        empty.append(separator).append("CAST(NULL AS VARCHAR) AS c").append(i);
      }
      String rows;
      try {
        rows =
            Files.size(csv) == 0
                ? "(SELECT " + empty + ") WHERE false"
                : PgCsv.scan(csv.toString(), fields.length);
      } catch (IOException e) {
        throw new SQLException("cannot read " + csv + ": " + e.getMessage(), "58030", e);
      }
      try (Statement s = duck.createStatement()) {
        s.execute(
            "CREATE OR REPLACE TEMP TABLE "
                + table.duckDbRelation()
                + " AS SELECT "
                + columns
                + " FROM "
                + rows);
      }
      loaded.add(table.duckDbRelation());
    } finally {
      try {
        Files.deleteIfExists(csv);
      } catch (IOException e) {
        // A temporary file left behind is harmless.
      }
    }
  }

  /** The columns fetched so far, with their PostgreSQL types. */
  List<TextStoredColumns.Column> columns() {
    return fetched;
  }

  private long estimatedRows(PostgresTable table) throws SQLException {
    if (table.filter().isPresent()) {
      // PostgreSQL's estimate of the filtered fetch: "... (cost=... rows=N width=...)".
      try (Statement s = conn.delegate.createStatement();
          ResultSet rs = s.executeQuery("EXPLAIN " + table.selectSql())) {
        java.util.regex.Matcher m = ROWS.matcher(rs.next() ? rs.getString(1) : "");
        return m.find() ? Long.parseLong(m.group(1)) : 0;
      }
    }
    StringBuilder name = new StringBuilder();
    for (String part : table.nameParts()) {
      name.append(name.length() == 0 ? "" : ".").append(Sql.identifier(part));
    }
    try (PreparedStatement ps =
        conn.delegate.prepareStatement(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
      ps.setString(1, name.toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** What kind of type each column OID is (array, enum, composite, ...). */
  private Map<Integer, PgType.Kind> kinds(Field[] fields) throws SQLException {
    Map<Integer, PgType.Kind> kinds = new HashMap<>();
    List<Integer> oids = new ArrayList<>();
    for (Field f : fields) {
      oids.add(f.getOID());
    }
    try (PreparedStatement ps =
        conn.delegate.prepareStatement(
            "SELECT oid::int, typtype::text, typcategory::text FROM pg_type WHERE oid = ANY (?)")) {
      ps.setArray(1, conn.delegate.createArrayOf("int4", oids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          kinds.put(rs.getInt(1), PgType.Kind.of(rs.getString(2), rs.getString(3)));
        }
      }
    }
    return kinds;
  }

  /** Drops the temporary tables: the query's answer no longer needs them. */
  @Override
  public void close() throws SQLException {
    try (Statement s = duck.createStatement()) {
      for (String relation : loaded) {
        s.execute("DROP TABLE IF EXISTS " + relation);
      }
    }
    loaded.clear();
  }
}
