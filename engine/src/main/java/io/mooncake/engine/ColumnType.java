package io.mooncake.engine;

import java.util.Locale;

/**
 * How one PostgreSQL column is kept in a mirror: the DuckDB type of the stored value, and how
 * PostgreSQL's text form of a value (as pgoutput and COPY send it) becomes that value.
 *
 * <p>A type DuckDB and Iceberg can hold exactly is stored natively (integers, floats, numeric with
 * a precision up to 38, text, bytea, date, time, timestamp, timestamptz, uuid, json). Every other
 * type is stored as PostgreSQL's own text form, so that a value always comes back exactly as
 * PostgreSQL gives it ({@link #isText()}). Immutable.
 */
public final class ColumnType {

  /** DuckDB's largest decimal precision. */
  static final int MAX_DECIMAL_PRECISION = 38;

  private final PgType pgType;
  private final String duckType;
  private final Conversion conversion;

  /** How the text form becomes the stored value. */
  enum Conversion {
    /** Stored as the text itself. */
    TEXT,
    /** A plain DuckDB cast from the text. */
    CAST,
    /** PostgreSQL's {@code t}/{@code f}. */
    BOOL,
    /** PostgreSQL's hex bytea ({@code \x0a1b}). */
    BYTEA_HEX,
    /** ISO dates, with PostgreSQL's {@code BC} suffix. */
    DATE,
    /** ISO timestamps, with PostgreSQL's {@code BC} suffix. */
    TIMESTAMP,
    /** ISO timestamps with a UTC offset, with PostgreSQL's {@code BC} suffix. */
    TIMESTAMPTZ
  }

  private ColumnType(PgType pgType, String duckType, Conversion conversion) {
    this.pgType = pgType;
    this.duckType = duckType;
    this.conversion = conversion;
  }

  /** The mapping for a source column of type {@code type}. */
  public static ColumnType of(PgType type) {
    if (type.kind() == PgType.Kind.DOMAIN) {
      return native_(type, type.baseOid(), type.baseTypmod());
    }
    if (type.kind() != PgType.Kind.BASE) {
      return new ColumnType(type, "VARCHAR", Conversion.TEXT);
    }
    return native_(type, type.oid(), type.typmod());
  }

  private static ColumnType native_(PgType type, int oid, int typmod) {
    switch (oid) {
      case PgOids.BOOL:
        return new ColumnType(type, "BOOLEAN", Conversion.BOOL);
      case PgOids.INT2:
        return new ColumnType(type, "SMALLINT", Conversion.CAST);
      case PgOids.INT4:
        return new ColumnType(type, "INTEGER", Conversion.CAST);
      case PgOids.INT8:
      case PgOids.OID:
        return new ColumnType(type, "BIGINT", Conversion.CAST);
      case PgOids.FLOAT4:
        return new ColumnType(type, "FLOAT", Conversion.CAST);
      case PgOids.FLOAT8:
        return new ColumnType(type, "DOUBLE", Conversion.CAST);
      case PgOids.NUMERIC:
        return numeric(type, typmod);
      case PgOids.TEXT:
      case PgOids.VARCHAR:
      case PgOids.BPCHAR:
      case PgOids.NAME:
      case PgOids.CHAR:
        return new ColumnType(type, "VARCHAR", Conversion.TEXT);
      case PgOids.BYTEA:
        return new ColumnType(type, "BLOB", Conversion.BYTEA_HEX);
      case PgOids.DATE:
        return new ColumnType(type, "DATE", Conversion.DATE);
      case PgOids.TIME:
        return new ColumnType(type, "TIME", Conversion.CAST);
      case PgOids.TIMESTAMP:
        return new ColumnType(type, "TIMESTAMP", Conversion.TIMESTAMP);
      case PgOids.TIMESTAMPTZ:
        return new ColumnType(type, "TIMESTAMPTZ", Conversion.TIMESTAMPTZ);
      case PgOids.UUID:
        return new ColumnType(type, "UUID", Conversion.CAST);
      case PgOids.JSON:
      case PgOids.JSONB:
        return new ColumnType(type, "JSON", Conversion.TEXT);
      default:
        // timetz (Parquet drops the offset), interval (no Iceberg type), money (locale text),
        // inet, bit strings, geometric types, xml, ...: PostgreSQL's text, exactly.
        return new ColumnType(type, "VARCHAR", Conversion.TEXT);
    }
  }

  /** numeric(p,s) with p ≤ 38 is a DECIMAL; wider or unconstrained numeric keeps its text. */
  private static ColumnType numeric(PgType type, int typmod) {
    if (typmod >= 4) {
      int precision = ((typmod - 4) >> 16) & 0xFFFF;
      int scale = (((typmod - 4) & 0x7FF) ^ 1024) - 1024;
      if (precision <= MAX_DECIMAL_PRECISION && scale >= 0 && scale <= precision) {
        return new ColumnType(
            type, String.format(Locale.ROOT, "DECIMAL(%d,%d)", precision, scale), Conversion.CAST);
      }
    }
    return new ColumnType(type, "VARCHAR", Conversion.TEXT);
  }

  /** The source column's type. */
  public PgType pgType() {
    return pgType;
  }

  /** The DuckDB type of the stored value, e.g. {@code DECIMAL(10,2)}. */
  public String duckType() {
    return duckType;
  }

  /** Whether the value is stored as PostgreSQL's text form rather than natively. */
  public boolean isText() {
    return conversion == Conversion.TEXT;
  }

  /**
   * A DuckDB expression turning {@code text} (an SQL expression of type VARCHAR holding
   * PostgreSQL's text form, or NULL) into the stored value. A value DuckDB cannot hold (numeric NaN
   * in a DECIMAL column, a timestamp past DuckDB's range) makes the expression fail: the mirror
   * stops with that reason rather than store something else. The expression is of the stored type.
   */
  public String ingestSql(String text) {
    return "CAST(" + conversionSql(text) + " AS " + duckType + ")";
  }

  private String conversionSql(String text) {
    switch (conversion) {
      case TEXT:
        return duckType.equals("VARCHAR") ? text : "CAST(" + text + " AS " + duckType + ")";
      case BOOL:
        return "(" + text + " = 't')";
      case BYTEA_HEX:
        return "from_hex(substr(" + text + ", 3))";
      case DATE:
        // PostgreSQL prints BC dates as "0044-03-15 BC"; DuckDB reads "0044-03-15 (BC)".
        return "CAST(regexp_replace(" + text + ", ' BC$', ' (BC)') AS DATE)";
      case TIMESTAMP:
        return "CASE WHEN "
            + text
            + " LIKE '% BC' THEN "
            + bcTimestamp(text)
            + " ELSE CAST("
            + text
            + " AS TIMESTAMP) END";
      case TIMESTAMPTZ:
        return "CASE WHEN "
            + text
            + " LIKE '% BC' THEN timezone('UTC', "
            + bcTimestamp(text)
            + " - to_seconds("
            + offsetSeconds(text)
            + ")) ELSE CAST("
            + text
            + " AS TIMESTAMPTZ) END";
      case CAST:
      default:
        return "CAST(" + text + " AS " + duckType + ")";
    }
  }

  /**
   * A DuckDB expression reading the stored {@code value} for output: dates and times as DuckDB's
   * text (which {@link #outputText} adjusts), everything else as is.
   */
  public String outputSql(String value) {
    switch (duckType) {
      case "DATE":
      case "TIME":
      case "TIMESTAMP":
        return "CAST(" + value + " AS VARCHAR)";
      case "TIMESTAMPTZ":
        // The instant, formatted in Java: DuckDB drops the seconds of offsets such as LMT's.
        return "CASE WHEN isinf("
            + value
            + ") THEN CAST("
            + value
            + " AS VARCHAR) ELSE CAST(epoch_us("
            + value
            + ") AS VARCHAR) END";
      default:
        return value;
    }
  }

  /**
   * PostgreSQL's text form of a value read with {@link #outputSql} through DuckDB's JDBC driver, or
   * {@code null} for NULL; timestamptz values are shown in {@code zone}, as PostgreSQL shows them
   * in the session's time zone.
   */
  public String outputText(Object value, java.time.ZoneId zone) throws java.sql.SQLException {
    if (value == null) {
      return null;
    }
    switch (duckType) {
      case "BOOLEAN":
        return PgText.bool((Boolean) value);
      case "FLOAT":
        return PgText.float4(((Number) value).floatValue());
      case "DOUBLE":
        return PgText.float8(((Number) value).doubleValue());
      case "BLOB":
        java.sql.Blob blob = (java.sql.Blob) value;
        return PgText.bytea(blob.getBytes(1, (int) blob.length()));
      case "DATE":
      case "TIME":
      case "TIMESTAMP":
        return PgText.temporal(value.toString());
      case "TIMESTAMPTZ":
        String text = value.toString();
        return text.endsWith("infinity") ? text : PgText.timestamptz(Long.parseLong(text), zone);
      default:
        return value instanceof java.math.BigDecimal
            ? ((java.math.BigDecimal) value).toPlainString()
            : value.toString();
    }
  }

  /** "0044-03-15 10:00:00[.f][+hh[:mm]] BC" → the wall-clock TIMESTAMP (DuckDB reads BC dates). */
  private static String bcTimestamp(String text) {
    return "(CAST(split_part("
        + text
        + ", ' ', 1) || ' (BC)' AS DATE) + CAST(regexp_extract("
        + "split_part("
        + text
        + ", ' ', 2), '^[0-9:.]+') AS TIME))";
  }

  /** The UTC offset of a timestamptz text, in seconds east. */
  private static String offsetSeconds(String text) {
    String zone = "regexp_extract(split_part(" + text + ", ' ', 2), '[+-][0-9:]+$')";
    return "(CASE WHEN starts_with("
        + zone
        + ", '-') THEN -1 ELSE 1 END * (CAST(substr("
        + zone
        + ", 2, 2) AS INTEGER) * 3600 + COALESCE(TRY_CAST(substr("
        + zone
        + ", 5, 2) AS INTEGER), 0) * 60 + COALESCE(TRY_CAST(substr("
        + zone
        + ", 8, 2) AS INTEGER), 0)))";
  }

  /** The Iceberg type of the stored value. */
  public org.apache.iceberg.types.Type icebergType() {
    switch (duckType) {
      case "BOOLEAN":
        return org.apache.iceberg.types.Types.BooleanType.get();
      case "SMALLINT":
      case "INTEGER":
        return org.apache.iceberg.types.Types.IntegerType.get();
      case "BIGINT":
        return org.apache.iceberg.types.Types.LongType.get();
      case "FLOAT":
        return org.apache.iceberg.types.Types.FloatType.get();
      case "DOUBLE":
        return org.apache.iceberg.types.Types.DoubleType.get();
      case "BLOB":
        return org.apache.iceberg.types.Types.BinaryType.get();
      case "DATE":
        return org.apache.iceberg.types.Types.DateType.get();
      case "TIME":
        return org.apache.iceberg.types.Types.TimeType.get();
      case "TIMESTAMP":
        return org.apache.iceberg.types.Types.TimestampType.withoutZone();
      case "TIMESTAMPTZ":
        return org.apache.iceberg.types.Types.TimestampType.withZone();
      case "UUID":
        return org.apache.iceberg.types.Types.UUIDType.get();
      default:
        if (duckType.startsWith("DECIMAL(")) {
          String[] ps = duckType.substring(8, duckType.length() - 1).split(",");
          return org.apache.iceberg.types.Types.DecimalType.of(
              Integer.parseInt(ps[0]), Integer.parseInt(ps[1]));
        }
        return org.apache.iceberg.types.Types.StringType.get();
    }
  }

  @Override
  public String toString() {
    return pgType.name() + " as " + duckType;
  }
}
