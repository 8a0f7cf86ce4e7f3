package io.mooncake.engine;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The columns of a mirror, in the source's order, and the row identity: the primary key, or every
 * column when the source has none (REPLICA IDENTITY FULL). Immutable.
 */
public final class MirrorSchema {

  private final List<MirrorColumn> columns;
  private final int[] keyColumns;

  /** A schema of {@code columns}; without a key column, every column is the identity. */
  public MirrorSchema(List<MirrorColumn> columns) {
    this.columns = List.copyOf(columns);
    int[] keys = IntStream.range(0, columns.size()).filter(i -> columns.get(i).key()).toArray();
    this.keyColumns = keys.length > 0 ? keys : IntStream.range(0, columns.size()).toArray();
  }

  /** The Iceberg schema of columns {@code columns} (ids assigned in order from 1). */
  public static org.apache.iceberg.Schema iceberg(List<String> names, List<ColumnType> types) {
    List<org.apache.iceberg.types.Types.NestedField> fields = new java.util.ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      fields.add(
          org.apache.iceberg.types.Types.NestedField.optional(
              i + 1, names.get(i), types.get(i).icebergType()));
    }
    return new org.apache.iceberg.Schema(fields);
  }

  /**
   * The schema whose field ids are those of {@code table}'s columns of the same names (Iceberg
   * assigns ids when it creates a table).
   */
  public static MirrorSchema of(
      org.apache.iceberg.Schema table,
      List<String> names,
      List<ColumnType> types,
      List<Boolean> keys) {
    List<MirrorColumn> columns = new java.util.ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      columns.add(
          new MirrorColumn(
              names.get(i), types.get(i), keys.get(i), table.findField(names.get(i)).fieldId()));
    }
    return new MirrorSchema(columns);
  }

  public List<MirrorColumn> columns() {
    return columns;
  }

  /** Whether the identity is the whole row (the source has no primary key). */
  public boolean fullRowIdentity() {
    return columns.stream().noneMatch(MirrorColumn::key);
  }

  /** Positions of the identity's columns. */
  int[] keyColumns() {
    return keyColumns.clone();
  }

  int size() {
    return columns.size();
  }

  /** The quoted column names, comma-separated, each prefixed with {@code alias.} if not empty. */
  String columnList(String alias) {
    String prefix = alias.isEmpty() ? "" : alias + ".";
    return columns.stream()
        .map(c -> prefix + Sql.identifier(c.name()))
        .collect(Collectors.joining(", "));
  }

  /** The highest Iceberg field id in use. */
  int maxFieldId() {
    return columns.stream().mapToInt(MirrorColumn::fieldId).max().orElse(0);
  }
}
