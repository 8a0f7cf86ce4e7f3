package io.mooncake.driver;

import io.mooncake.engine.EngineException;
import io.mooncake.engine.Lsn;
import io.mooncake.engine.MirrorReads;
import io.mooncake.engine.PgText;
import io.mooncake.engine.SourceColumns;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.core.BaseStatement;
import org.postgresql.core.Oid;
import org.postgresql.jdbc.PgResultSetMetaData;

/**
 * Runs a translated mirror query on DuckDB and hands the rows back as PgJDBC's own result set: the
 * columns are those PostgreSQL describes for the same query on the sources (types, names, table and
 * column positions), and every value is PostgreSQL's text form, so {@code getObject}, {@code
 * getString}, metadata and time zones behave exactly as with PgJDBC.
 */
final class MirrorQueries {

  private static final Field FIELDS;

  static {
    try {
      FIELDS = PgResultSetMetaData.class.getDeclaredField("fields");
      FIELDS.setAccessible(true);
    } catch (NoSuchFieldException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private MirrorQueries() {}

  /**
   * Waits until the mirrors hold every commit this session could have seen (read-your-writes), and
   * until the mirrors of sources {@code sourceOids} have their sources' current columns (one round
   * trip reads both). Returns whether a mirror's columns changed meanwhile: plans made before are
   * stale.
   */
  static Fresh awaitFresh(MooncakeConnection conn, MirrorReads engine, Set<Long> sourceOids)
      throws SQLException {
    Lsn target;
    Map<Long, String> columns = new HashMap<>();
    Map<Long, Boolean> readable = new java.util.TreeMap<>();
    long[] statementTimeout = {0};
    target =
        conn.outsideTransaction(
            () -> {
              Lsn at = null;
              try (Statement s = conn.delegate.createStatement();
                  ResultSet rs = s.executeQuery(SourceColumns.freshnessQuery(sourceOids))) {
                while (rs.next()) {
                  at = Lsn.parse(rs.getString(1));
                  statementTimeout[0] = timeoutMillis(rs.getString(5));
                  long oid = rs.getLong(2);
                  if (!rs.wasNull()) {
                    columns.put(oid, rs.getString(3));
                    readable.put(oid, rs.getBoolean(4));
                  }
                }
              }
              return at;
            });
    try {
      boolean changed = engine.awaitFresh(target, columns, conn.config().freshness());
      return new Fresh(
          changed,
          new java.util.TreeMap<>(columns).toString(),
          readable.containsValue(false),
          statementTimeout[0]);
    } catch (EngineException e) {
      throw new SQLException(e.getMessage(), e.sqlState(), e);
    }
  }

  /**
   * After the freshness barrier: whether a mirror's columns changed, the columns of the query's
   * sources (a key under which PostgreSQL's description of the query stays valid), and whether the
   * session lacks the right to read all of a source (a privilege, or row security), which only
   * PostgreSQL can enforce: it checks privileges when it runs a query, not when it describes one.
   */
  record Fresh(
      boolean changed, String sourceColumns, boolean restricted, long statementTimeoutMillis) {}

  /**
   * PostgreSQL's {@code statement_timeout} as {@code SHOW} prints it ({@code 0}, {@code 250ms},
   * {@code 5s}, {@code 2min}, {@code 1h}, {@code 1d}) in milliseconds; 0 for none.
   */
  static long timeoutMillis(String shown) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|min|h|d)?").matcher(shown.trim());
    if (!m.matches()) {
      return 0;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "s" -> n * 1000;
      case "min" -> n * 60_000;
      case "h" -> n * 3_600_000;
      case "d" -> n * 86_400_000;
      default -> n;
    };
  }

  /**
   * The DuckDB query of {@code q} for result columns {@code fields}: an output column that is an
   * average and that PostgreSQL gives as numeric is computed exactly as PostgreSQL does.
   */
  static String duckDbSql(
      io.mooncake.calcite.QueryPlan.MirrorQuery q, org.postgresql.core.Field[] fields) {
    return q.duckDbSql(i -> i < fields.length && fields[i].getOID() == Oid.NUMERIC);
  }

  /** The columns of a PgJDBC result set's metadata. */
  static org.postgresql.core.Field[] fields(ResultSetMetaData md) throws SQLException {
    if (!(md instanceof PgResultSetMetaData)) {
      throw SqlState.INTERNAL_ERROR.exception("not PgJDBC's result metadata: " + md);
    }
    try {
      return ((org.postgresql.core.Field[]) FIELDS.get(md)).clone();
    } catch (IllegalAccessException e) {
      throw new SQLException("cannot read PgJDBC's result description", "XX000", e);
    }
  }

  /** The result columns PostgreSQL gives for {@code pgSql} (run against the sources). */
  static org.postgresql.core.Field[] describe(MooncakeConnection conn, String pgSql)
      throws SQLException {
    return conn.outsideTransaction(
        () -> {
          try (PreparedStatement ps = conn.delegate.prepareStatement(pgSql)) {
            return fields(ps.getMetaData());
          }
        });
  }

  /**
   * As {@link #describe(MooncakeConnection, String)}, remembered per connection for a query that
   * reads mirrors only, as long as its sources keep the columns {@code sourceColumns} (which the
   * freshness barrier read): a query repeated saves PostgreSQL's round trip.
   */
  static org.postgresql.core.Field[] describe(
      MooncakeConnection conn, String pgSql, String sourceColumns) throws SQLException {
    String key = sourceColumns + "\u0000" + pgSql;
    org.postgresql.core.Field[] known = conn.described(key);
    if (known == null) {
      known = describe(conn, pgSql);
      conn.described(key, known);
    }
    org.postgresql.core.Field[] copy = new org.postgresql.core.Field[known.length];
    for (int i = 0; i < copy.length; i++) {
      org.postgresql.core.Field f = known[i];
      // PgJDBC sets a field's format and caches metadata in it: each result gets its own.
      copy[i] =
          new org.postgresql.core.Field(
              f.getColumnLabel(),
              f.getOID(),
              f.getLength(),
              f.getMod(),
              f.getTableOid(),
              f.getPositionInTable());
    }
    return copy;
  }

  /**
   * Runs {@code duckDbSql} on {@code duck} with {@code parameters} and returns the rows, streamed
   * in chunks of PgJDBC result sets of {@code owner} with {@code fields}.
   */
  static ResultSet run(
      DuckStatements duck,
      String duckDbSql,
      List<Object> parameters,
      org.postgresql.core.Field[] fields,
      BaseStatement owner,
      RunningDuckQuery running,
      long statementTimeoutMillis,
      ZoneId zone,
      int maxRows)
      throws SQLException {
    DuckStatements.Lease lease = duck.take(duckDbSql);
    try {
      PreparedStatement ps = lease.statement();
      for (int i = 0; i < parameters.size(); i++) {
        ps.setObject(i + 1, parameters.get(i));
      }
      // Without parameters, DuckDB knows the result's types once the query is prepared: a query
      // whose values would differ goes to PostgreSQL without running on DuckDB first. (With
      // parameters, DuckDB's prepared description is not the result's, nor is a kept statement's
      // after a change of the mirror's columns.)
      if (parameters.isEmpty() && !lease.kept()) {
        checkColumns(ps.getMetaData(), fields, duckDbSql);
      }
      // Cancellable, and limited by the statement's query timeout and the session's
      // statement_timeout, while it runs and hands over its first rows.
      running.start(ps, owner.getQueryTimeout(), statementTimeoutMillis);
      MirrorRows rows;
      try {
        ResultSet rs = ps.executeQuery();
        checkColumns(rs.getMetaData(), fields, duckDbSql);
        boolean exactScales = !unifiesScales(duckDbSql);
        rows = MirrorRows.open(lease, rs, fields, owner, zone, maxRows, exactScales);
      } catch (SQLException e) {
        throw running.finish(e);
      }
      running.finish(null);
      return rows;
    } catch (SQLException | RuntimeException e) {
      lease.discard();
      throw e;
    }
  }

  /**
   * Fails (0A000) unless DuckDB's columns {@code md} of {@code duckDbSql} can give the values
   * PostgreSQL describes in {@code fields}, so that such a query runs on PostgreSQL instead.
   */
  static void checkColumns(
      ResultSetMetaData md, org.postgresql.core.Field[] fields, String duckDbSql)
      throws SQLException {
    if (md.getColumnCount() != fields.length) {
      throw SqlState.INTERNAL_ERROR.exception(
          "DuckDB returned "
              + md.getColumnCount()
              + " columns where PostgreSQL describes "
              + fields.length);
    }
    for (int i = 0; i < fields.length; i++) {
      String duckType = md.getColumnTypeName(i + 1);
      if (duckType.endsWith("]")
          || duckType.startsWith("STRUCT")
          || duckType.startsWith("MAP")
          || duckType.startsWith("UNION")
          || duckType.equals("INTERVAL")) {
        // A value DuckDB computed in a type whose text is not PostgreSQL's ([1, 2] for {1,2},
        // "1 month" for "1 mon").
        throw new SQLException(
            "DuckDB computes column "
                + (i + 1)
                + " as "
                + duckType
                + ", not as PostgreSQL prints it",
            "0A000");
      }
      if (fields[i].getOID() == Oid.BPCHAR && fields[i].getMod() < 4) {
        // DuckDB reads char(n) without its padding blanks; a char column of no length (max(c),
        // CASE ... END) does not say how many to give back.
        throw new SQLException(
            "column " + (i + 1) + " is char without a length, whose padding DuckDB does not keep",
            "0A000");
      }
      int type = md.getColumnType(i + 1);
      if (fields[i].getOID() == Oid.NUMERIC
          && fields[i].getMod() == -1
          && type == java.sql.Types.DECIMAL
          && unifiesScales(duckDbSql)) {
        // PostgreSQL keeps each numeric value's own scale where these pick among values
        // (COALESCE(x, 0) is 0, not 0.00); DuckDB gives the whole column one scale.
        throw new SQLException(
            "DuckDB gives numeric column " + (i + 1) + " one scale for all its values", "0A000");
      }
      if (fields[i].getOID() == Oid.NUMERIC
          && (type == java.sql.Types.DOUBLE
              || type == java.sql.Types.FLOAT
              || type == java.sql.Types.REAL)) {
        // PostgreSQL computes this column exactly (numeric); DuckDB used floating point (e.g. a
        // division): the digits may differ, so this answer must come from PostgreSQL.
        throw new SQLException(
            "DuckDB computes numeric column " + (i + 1) + " in floating point", "0A000");
      }
    }
  }

  /**
   * Whether {@code duckDbSql} may pick among numeric values of different scales (CASE, COALESCE, a
   * set operation, ...), where DuckDB gives the column one scale and PostgreSQL each value its own.
   * Words inside string constants do not count (q19's 'SM CASE'); with a backslash in the text,
   * whose quoting this does not follow, they do.
   */
  static boolean unifiesScales(String duckDbSql) {
    String words =
        duckDbSql.indexOf('\\') >= 0
            ? duckDbSql
            : STRING_CONSTANT.matcher(duckDbSql).replaceAll("''");
    return SCALE_UNIFYING.matcher(words).find();
  }

  private static final java.util.regex.Pattern STRING_CONSTANT =
      java.util.regex.Pattern.compile("'(?:[^']|'')*'");

  private static final java.util.regex.Pattern SCALE_UNIFYING =
      java.util.regex.Pattern.compile(
          "(?i)\\b(coalesce|greatest|least|ifnull|lead|lag|case|union|values|first_value|"
              + "last_value|nth_value)\\b");

  /**
   * An exact average or quotient, given as "dividend/divisor" ({@link
   * io.mooncake.calcite.QueryPlan.MirrorQuery#duckDbSql(java.util.function.IntPredicate)}), divided
   * as PostgreSQL divides. Without {@code exactScales} (the query picks among values: DuckDB's
   * scales may exceed PostgreSQL's own scale of a value), a quotient whose digits depend on the
   * operands' scales is refused.
   */
  private static String quotient(String text, int slash, boolean exactScales) throws SQLException {
    BigDecimal dividend = new BigDecimal(text.substring(0, slash));
    BigDecimal divisor = new BigDecimal(text.substring(slash + 1));
    if (divisor.signum() == 0) {
      throw new SQLException("division by zero", "22012");
    }
    if (!exactScales && PgText.quotientScaleFromOperands(dividend, divisor)) {
      throw new SQLException(
          "the digits of a quotient depend on its operands' scales, which DuckDB unified", "0A000");
    }
    return PgText.quotient(dividend, divisor);
  }

  /**
   * {@code text} padded with blanks to the length of {@code mod}, the type modifier of a char(n)
   * result column ({@code n + 4}): DuckDB reads char(n) values without their padding.
   */
  static String padded(String text, int mod) {
    int length = mod - 4;
    int have = text.codePointCount(0, text.length());
    return have >= length ? text : text + " ".repeat(length - have);
  }

  /**
   * PostgreSQL's text of column {@code i}, for a column PostgreSQL types as {@code oid}; {@code
   * exactScales} says whether DuckDB's numeric scales are PostgreSQL's (see {@link #quotient}).
   */
  static String text(ResultSet rs, int i, int oid, ZoneId zone, boolean exactScales)
      throws SQLException {
    Object v;
    try {
      v = rs.getObject(i);
    } catch (java.time.DateTimeException e) {
      // DuckDB's JDBC cannot make a LocalTime of 24:00:00, the one TIME beyond 23:59:59.999999.
      if (String.valueOf(e.getMessage()).contains("86400000000000")) {
        return "24:00:00";
      }
      throw new SQLException("cannot read column " + i + ": " + e.getMessage(), "22008", e);
    }
    if (v == null) {
      return null;
    }
    switch (oid) {
      case Oid.BOOL:
        return PgText.bool(v instanceof Boolean ? (Boolean) v : Boolean.parseBoolean(v.toString()));
      case Oid.FLOAT4:
        return PgText.float4(((Number) v).floatValue());
      case Oid.FLOAT8:
        return PgText.float8(((Number) v).doubleValue());
      case Oid.NUMERIC:
        if (v instanceof BigDecimal) {
          return ((BigDecimal) v).toPlainString();
        }
        String numeric = v.toString();
        int slash = numeric.indexOf('/');
        return slash > 0 ? quotient(numeric, slash, exactScales) : numeric;
      case Oid.BYTEA:
        if (v instanceof Blob) {
          Blob b = (Blob) v;
          return PgText.bytea(b.getBytes(1, (int) b.length()));
        }
        return v instanceof byte[] ? PgText.bytea((byte[]) v) : v.toString();
      case Oid.TIMESTAMPTZ:
        if (v instanceof OffsetDateTime) {
          OffsetDateTime t = (OffsetDateTime) v;
          long micros = t.toEpochSecond() * 1_000_000L + t.getNano() / 1000;
          return PgText.timestamptz(micros, zone);
        }
        return PgText.temporal(rs.getString(i));
      case Oid.DATE:
        if (v instanceof java.time.LocalDate) {
          return PgText.date((java.time.LocalDate) v);
        }
        return PgText.temporal(rs.getString(i));
      case Oid.TIMESTAMP:
        if (v instanceof java.sql.Timestamp
            && rs.getMetaData().getColumnTypeName(i).equals("TIMESTAMP")) {
          // Microseconds since 1970: exact also for BC and infinite values.
          return PgText.timestamp(rs.getLong(i));
        }
        return PgText.temporal(rs.getString(i));
      case Oid.TIME:
        if (v instanceof java.time.LocalTime) {
          return PgText.time((java.time.LocalTime) v);
        }
        return PgText.temporal(rs.getString(i));
      default:
        return v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : rs.getString(i);
    }
  }
}
