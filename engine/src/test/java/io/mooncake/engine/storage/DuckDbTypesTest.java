package io.mooncake.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class DuckDbTypesTest {

  @Test
  void primitivesMapToTheDuckDbTypesThatWriteIcebergsParquetTypes() {
    assertThat(DuckDbTypes.sqlType(Types.DecimalType.of(38, 10))).isEqualTo("DECIMAL(38, 10)");
    assertThat(DuckDbTypes.sqlType(Types.TimestampType.withZone())).isEqualTo("TIMESTAMPTZ");
    assertThat(DuckDbTypes.sqlType(Types.TimestampType.withoutZone())).isEqualTo("TIMESTAMP");
    assertThat(DuckDbTypes.sqlType(Types.UUIDType.get())).isEqualTo("UUID");
    assertThat(DuckDbTypes.sqlType(Types.BinaryType.get())).isEqualTo("BLOB");
    assertThatThrownBy(() -> DuckDbTypes.sqlType(Types.FixedType.ofLength(4)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nestedTypesAndTheirFieldIds() {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(
                2, "tags", Types.ListType.ofOptional(3, Types.StringType.get())),
            Types.NestedField.optional(
                4,
                "it's \"s\"",
                Types.StructType.of(Types.NestedField.optional(5, "x", Types.IntegerType.get()))),
            Types.NestedField.optional(
                6,
                "m",
                Types.MapType.ofOptional(7, 8, Types.StringType.get(), Types.DateType.get())));

    assertThat(DuckDbTypes.sqlType(schema.findType("it's \"s\"")))
        .isEqualTo("STRUCT(\"x\" INTEGER)");
    assertThat(DuckDbTypes.sqlType(schema.findType("m"))).isEqualTo("MAP(VARCHAR, DATE)");
    assertThat(DuckDbTypes.sqlType(schema.findType("tags"))).isEqualTo("VARCHAR[]");
    assertThat(DuckDbTypes.fieldIds(schema))
        .isEqualTo(
            "{'id': 1, 'tags': {__duckdb_field_id: 2, 'element': 3},"
                + " 'it''s \"s\"': {__duckdb_field_id: 4, 'x': 5},"
                + " 'm': {__duckdb_field_id: 6, 'key': 7, 'value': 8}}");
  }
}
