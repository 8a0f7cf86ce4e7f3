package io.mooncake.engine.storage;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * Generated rows of every primitive type a Postgres column maps to, with NULLs, NaN, infinities,
 * extreme values and dates before 1970, as Iceberg records and as DuckDB SQL literals.
 */
final class TypedRows {

  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "b", Types.BooleanType.get()),
          Types.NestedField.optional(3, "i", Types.IntegerType.get()),
          Types.NestedField.optional(4, "l", Types.LongType.get()),
          Types.NestedField.optional(5, "f", Types.FloatType.get()),
          Types.NestedField.optional(6, "d", Types.DoubleType.get()),
          Types.NestedField.optional(7, "dec9", Types.DecimalType.of(9, 2)),
          Types.NestedField.optional(8, "dec18", Types.DecimalType.of(18, 4)),
          Types.NestedField.optional(9, "dec38", Types.DecimalType.of(38, 10)),
          Types.NestedField.optional(10, "s", Types.StringType.get()),
          Types.NestedField.optional(11, "bin", Types.BinaryType.get()),
          Types.NestedField.optional(12, "dt", Types.DateType.get()),
          Types.NestedField.optional(13, "tm", Types.TimeType.get()),
          Types.NestedField.optional(14, "ts", Types.TimestampType.withoutZone()),
          Types.NestedField.optional(15, "tstz", Types.TimestampType.withZone()),
          Types.NestedField.optional(16, "u", Types.UUIDType.get()));

  private TypedRows() {}

  /** Row {@code n} as an Iceberg record of {@code schema} (which must have SCHEMA's names). */
  static Record row(Schema schema, long n) {
    Record r = GenericRecord.create(schema);
    r.setField("id", n);
    r.setField("b", n % 3 == 0 ? null : (Boolean) (n % 2 == 0));
    r.setField(
        "i",
        n % 7 == 0
            ? null
            : n == 1
                ? (Integer) Integer.MIN_VALUE
                : n == 2 ? (Integer) Integer.MAX_VALUE : (Integer) (int) (n * 31 - 5000));
    r.setField(
        "l",
        n % 7 == 1
            ? null
            : n == 2
                ? (Long) Long.MIN_VALUE
                : n == 3 ? (Long) Long.MAX_VALUE : (Long) (n * 1_000_000_007L - 77));
    r.setField(
        "f",
        n % 10 == 1
            ? (Float) Float.NaN
            : n == 4
                ? (Float) Float.NEGATIVE_INFINITY
                : n % 11 == 0 ? null : (Float) (n * 1.5f - 7));
    r.setField(
        "d",
        n % 10 == 2
            ? (Double) Double.NaN
            : n == 5 ? (Double) Double.MAX_VALUE : n % 11 == 1 ? null : (Double) (n / 3.0 - 40));
    r.setField(
        "dec9",
        n % 13 == 0
            ? null
            : decimal(n == 4 ? "9999999.99" : n == 5 ? "-9999999.99" : (n * 125 - 3000) + "", 2));
    r.setField(
        "dec18",
        n % 13 == 1
            ? null
            : decimal(
                n == 6 ? "99999999999999.9999" : n == 7 ? "-99999999999999.9999" : n + ".0001", 4));
    r.setField(
        "dec38",
        n % 13 == 2
            ? null
            : decimal(
                n == 8
                    ? "9999999999999999999999999999.9999999999"
                    : n == 9 ? "-9999999999999999999999999999.9999999999" : "-" + n + ".123456789",
                10));
    r.setField(
        "s",
        n % 5 == 0
            ? null
            : "row '" + n + "' ü \"😀\"" + (n == 10 ? "" : "x".repeat((int) (n % 40))));
    r.setField(
        "bin", n % 6 == 0 ? null : ByteBuffer.wrap(new byte[] {0, (byte) n, (byte) 0xff, '\''}));
    r.setField(
        "dt",
        n % 8 == 0
            ? null
            : n == 1
                ? LocalDate.of(1, 1, 1)
                : n == 2 ? LocalDate.of(1582, 10, 10) : LocalDate.of(1900, 1, 1).plusDays(n * 401));
    r.setField(
        "tm",
        n % 9 == 0
            ? null
            : n == 1
                ? LocalTime.of(23, 59, 59, 999_999_000)
                : LocalTime.ofNanoOfDay((n * 123_456_789_000L) % 86_400_000_000_000L));
    LocalDateTime ts =
        LocalDateTime.of(1960, 1, 1, 0, 0)
            .plusSeconds(n * 9_876_543L)
            .plusNanos(n * 1_001_000L % 1_000_000_000L);
    r.setField(
        "ts",
        n % 10 == 3 ? null : n == 1 ? LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000) : ts);
    r.setField("tstz", n % 10 == 4 ? null : ts.atOffset(ZoneOffset.UTC).plusHours(n));
    r.setField(
        "u",
        n % 12 == 5
            ? null
            : UUID.nameUUIDFromBytes(Long.toString(n).getBytes(StandardCharsets.UTF_8)));
    return r;
  }

  private static BigDecimal decimal(String text, int scale) {
    return new BigDecimal(text).setScale(scale);
  }

  static List<Record> rows(Schema schema, long from, long to) {
    List<Record> rows = new ArrayList<>();
    for (long n = from; n < to; n++) {
      rows.add(row(schema, n));
    }
    return rows;
  }

  /** {@code INSERT INTO table VALUES ...} for these rows, with DuckDB literals. */
  static String insert(String table, Schema schema, List<Record> rows) {
    return rows.stream()
        .map(
            r ->
                schema.columns().stream()
                    .map(f -> literal(r.getField(f.name()), f.type()))
                    .collect(Collectors.joining(", ", "(", ")")))
        .collect(Collectors.joining(", ", "INSERT INTO " + table + " VALUES ", ""));
  }

  private static String literal(Object value, org.apache.iceberg.types.Type type) {
    if (value == null) {
      return "NULL";
    }
    String sqlType = DuckDbTypes.sqlType(type);
    String text;
    if (value instanceof ByteBuffer) {
      ByteBuffer b = ((ByteBuffer) value).duplicate();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      return "unhex('" + HexFormat.of().formatHex(bytes) + "')";
    } else if (value instanceof BigDecimal) {
      text = ((BigDecimal) value).toPlainString();
    } else if (value instanceof LocalDateTime || value instanceof OffsetDateTime) {
      text = value.toString().replace('T', ' ');
    } else {
      text = String.valueOf(value);
    }
    return "CAST('" + text.replace("'", "''") + "' AS " + sqlType + ")";
  }
}
