package io.mooncake.engine.storage;

import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The DuckDB type and Parquet field-id clause for each Iceberg type, chosen so that DuckDB writes
 * the Parquet physical and logical types Iceberg's spec asks for (e.g. {@code uuid} as {@code
 * FIXED_LEN_BYTE_ARRAY(16)} with the UUID annotation, timestamps in microseconds with {@code
 * isAdjustedToUTC} true only for {@code timestamptz}).
 */
public final class DuckDbTypes {

  private DuckDbTypes() {}

  /** The DuckDB column type holding values of {@code type}. */
  public static String sqlType(Type type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return "BOOLEAN";
      case INTEGER:
        return "INTEGER";
      case LONG:
        return "BIGINT";
      case FLOAT:
        return "FLOAT";
      case DOUBLE:
        return "DOUBLE";
      case DECIMAL:
        Types.DecimalType decimal = (Types.DecimalType) type;
        return "DECIMAL(" + decimal.precision() + ", " + decimal.scale() + ")";
      case STRING:
        return "VARCHAR";
      case BINARY:
        return "BLOB";
      case DATE:
        return "DATE";
      case TIME:
        return "TIME";
      case TIMESTAMP:
        return ((Types.TimestampType) type).shouldAdjustToUTC() ? "TIMESTAMPTZ" : "TIMESTAMP";
      case UUID:
        return "UUID";
      case LIST:
        return sqlType(((Types.ListType) type).elementType()) + "[]";
      case MAP:
        Types.MapType map = (Types.MapType) type;
        return "MAP(" + sqlType(map.keyType()) + ", " + sqlType(map.valueType()) + ")";
      case STRUCT:
        return ((Types.StructType) type)
            .fields().stream()
                .map(f -> SqlText.identifier(f.name()) + " " + sqlType(f.type()))
                .collect(Collectors.joining(", ", "STRUCT(", ")"));
      default:
        // fixed(n) would be written as BYTE_ARRAY; nanosecond timestamps, variant and geo types
        // are not produced by Postgres sources yet.
        throw new UnsupportedOperationException("no DuckDB mapping for Iceberg type " + type);
    }
  }

  /**
   * The value of DuckDB's {@code COPY ... (FORMAT parquet, FIELD_IDS ...)} option giving every
   * column, struct field, list element and map key/value its Iceberg field id.
   */
  public static String fieldIds(Schema schema) {
    return schema.columns().stream()
        .map(f -> SqlText.literal(f.name()) + ": " + fieldIds(f))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String fieldIds(Types.NestedField field) {
    Type type = field.type();
    if (type.isPrimitiveType()) {
      return Integer.toString(field.fieldId());
    }
    return type.asNestedType().fields().stream()
        .map(child -> childName(type, child) + ": " + fieldIds(child))
        .collect(Collectors.joining(", ", "{__duckdb_field_id: " + field.fieldId() + ", ", "}"));
  }

  /** DuckDB names list and map children as Parquet does: element, key, value. */
  private static String childName(Type parent, Types.NestedField child) {
    switch (parent.typeId()) {
      case LIST:
        return "'element'";
      case MAP:
        return ((Types.MapType) parent).keyId() == child.fieldId() ? "'key'" : "'value'";
      default:
        return SqlText.literal(child.name());
    }
  }
}
