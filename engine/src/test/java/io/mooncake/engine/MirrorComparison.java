package io.mooncake.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A table's rows as PostgreSQL's text, from the source and from its mirror, to compare. */
final class MirrorComparison {

  private MirrorComparison() {}

  /** The source's rows, each as its columns' text joined by '|', sorted. */
  static List<String> sourceRows(Connection pg, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    // Text results (simple query protocol) are PostgreSQL's own output.
    try (Statement s = pg.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= n; i++) {
            row.append(i == 1 ? "" : "|").append(rs.getString(i));
          }
          rows.add(row.toString());
        }
      }
    }
    rows.sort(null);
    return rows;
  }

  /**
   * Fails, naming the rows that differ, unless mirror {@code mirror} holds exactly the rows of
   * {@code table}.
   */
  static void assertEqual(Engine engine, MirrorName mirror, Connection pg, String table, String as)
      throws SQLException {
    List<String> source = sourceRows(pg, table);
    List<String> held = mirrorRows(engine, mirror);
    if (!held.equals(source)) {
      List<String> missing = new ArrayList<>(source);
      held.forEach(missing::remove);
      List<String> extra = new ArrayList<>(held);
      source.forEach(extra::remove);
      throw new AssertionError(
          as
              + ": mirror "
              + mirror
              + " differs from "
              + table
              + " ("
              + source.size()
              + " rows): missing "
              + head(missing)
              + ", extra "
              + head(extra)
              + "; the mirror's failure: "
              + engine.mirrors().get(mirror).failure()
              + ", the engine: "
              + engine.status());
    }
  }

  private static String head(List<String> rows) {
    return rows.size() + " " + rows.subList(0, Math.min(rows.size(), 20));
  }

  /** The mirror's rows, read back as PostgreSQL's text, sorted. */
  static List<String> mirrorRows(Engine engine, MirrorName mirror) throws SQLException {
    Engine.MirrorInfo info = engine.mirrors().get(mirror);
    List<MirrorColumn> columns = info.schema().columns();
    String select =
        columns.stream()
            .map(c -> c.type().outputSql(Sql.identifier(c.name())))
            .collect(Collectors.joining(", "));
    List<String> rows = new ArrayList<>();
    try (Connection duck = engine.reader();
        Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + select + " FROM " + info.duckDbView())) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
          row.append(i == 0 ? "" : "|")
              .append(columns.get(i).type().outputText(rs.getObject(i + 1), ZoneId.of("UTC")));
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }
}
