package io.mooncake.driver;

import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.postgresql.core.BaseStatement;
import org.postgresql.core.Tuple;

/**
 * PgJDBC's metadata, with mirrors added where DB tools look for tables: {@link #getTables} lists
 * each mirror as a {@code TABLE} (remarks name its source) and {@link #getColumns} describes it by
 * its source's columns. {@link #getURL()} gives the {@code jdbc:mooncake:} URL the application
 * connected with (as PgJDBC gives its own).
 *
 * <p>Thread-safety: as PgJDBC's metadata.
 */
final class MooncakeDatabaseMetaData extends DelegatingDatabaseMetaData {

  /** A mirror as the catalog lists it. */
  private record Mirror(String schema, String name, String sourceSchema, String sourceTable) {}

  private final String url;

  MooncakeDatabaseMetaData(DelegatingConnection connection, DatabaseMetaData delegate, String url) {
    super(connection, delegate);
    this.url = url;
  }

  @Override
  public String getURL() {
    return url;
  }

  @Override
  public ResultSet getTables(
      String catalog, String schemaPattern, String tableNamePattern, String[] types)
      throws SQLException {
    ResultSet pg = delegate.getTables(catalog, schemaPattern, tableNamePattern, types);
    List<Mirror> mirrors = mirrors(schemaPattern, tableNamePattern);
    boolean tables = types == null || List.of(types).contains("TABLE");
    if (mirrors.isEmpty() || !tables) {
      return wrap(pg);
    }
    int n = pg.getMetaData().getColumnCount();
    List<Tuple> rows = rows(pg, n);
    for (Mirror m : mirrors) {
      byte[][] row = new byte[n][];
      row[1] = bytes(m.schema());
      row[2] = bytes(m.name());
      row[3] = bytes("TABLE");
      row[4] = bytes("mooncake mirror of " + m.sourceSchema() + "." + m.sourceTable());
      rows.add(new Tuple(row));
    }
    // JDBC's order: TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME.
    rows.sort(
        Comparator.comparing((Tuple t) -> text(t, 3))
            .thenComparing(t -> text(t, 1))
            .thenComparing(t -> text(t, 2)));
    return rebuilt(pg, rows);
  }

  @Override
  public ResultSet getColumns(
      String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
      throws SQLException {
    ResultSet pg = delegate.getColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern);
    List<Mirror> mirrors = mirrors(schemaPattern, tableNamePattern);
    if (mirrors.isEmpty()) {
      return wrap(pg);
    }
    int n = pg.getMetaData().getColumnCount();
    List<Tuple> rows = rows(pg, n);
    String escape = delegate.getSearchStringEscape();
    for (Mirror m : mirrors) {
      try (ResultSet source =
          delegate.getColumns(
              catalog,
              m.sourceSchema().replace("_", escape + "_").replace("%", escape + "%"),
              m.sourceTable().replace("_", escape + "_").replace("%", escape + "%"),
              columnNamePattern)) {
        for (Tuple t : rows(source, n)) {
          byte[][] row = new byte[n][];
          for (int i = 0; i < n; i++) {
            row[i] = t.get(i);
          }
          row[1] = bytes(m.schema());
          row[2] = bytes(m.name());
          rows.add(new Tuple(row));
        }
      }
    }
    // JDBC's order: TABLE_CAT, TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION.
    rows.sort(
        Comparator.comparing((Tuple t) -> text(t, 1))
            .thenComparing(t -> text(t, 2))
            .thenComparingInt(t -> Integer.parseInt(text(t, 16))));
    return rebuilt(pg, rows);
  }

  /** The mirrors whose schema and name match the JDBC patterns (null matches all). */
  private List<Mirror> mirrors(String schemaPattern, String namePattern) throws SQLException {
    List<Mirror> out = new ArrayList<>();
    Pattern schema = like(schemaPattern);
    Pattern name = like(namePattern);
    for (io.mooncake.engine.Engine.MirrorInfo m : CatalogMirrors.read(connection.delegate)) {
      if (schema.matcher(m.name().schema()).matches() && name.matcher(m.name().name()).matches()) {
        out.add(
            new Mirror(m.name().schema(), m.name().name(), m.source().schema(), m.source().name()));
      }
    }
    return out;
  }

  /** A JDBC search pattern (%, _ and PgJDBC's escape) as a regular expression. */
  private Pattern like(String pattern) throws SQLException {
    if (pattern == null) {
      return Pattern.compile(".*", Pattern.DOTALL);
    }
    String escape = delegate.getSearchStringEscape();
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (pattern.startsWith(escape, i) && i + escape.length() < pattern.length()) {
        i += escape.length();
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static List<Tuple> rows(ResultSet rs, int n) throws SQLException {
    List<Tuple> out = new ArrayList<>();
    while (rs.next()) {
      byte[][] row = new byte[n][];
      for (int i = 0; i < n; i++) {
        row[i] = bytes(rs.getString(i + 1));
      }
      out.add(new Tuple(row));
    }
    return out;
  }

  /** A result set with {@code pg}'s columns and {@code rows}, leading back to this connection. */
  private ResultSet rebuilt(ResultSet pg, List<Tuple> rows) throws SQLException {
    org.postgresql.core.Field[] fields = MirrorQueries.fields(pg.getMetaData());
    for (org.postgresql.core.Field f : fields) {
      f.setFormat(org.postgresql.core.Field.TEXT_FORMAT);
    }
    Statement statement = pg.getStatement();
    ResultSet rs = statement.unwrap(BaseStatement.class).createDriverResultSet(fields, rows);
    pg.close();
    return wrap(rs);
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Tuple t, int i) {
    byte[] b = t.get(i);
    return b == null ? "" : new String(b, StandardCharsets.UTF_8);
  }
}
