package io.mooncake.engine;

/**
 * One column of a mirror: its name in the source, how it is stored, whether it is part of the row
 * identity, and its Iceberg field id (stable for the column's life). Immutable.
 *
 * @param name the column name, as in the source (case preserved)
 * @param type how the column is stored
 * @param key whether the column belongs to the source's primary key
 * @param fieldId the Iceberg field id
 * @param missingSql the DuckDB value of rows that existed before the column was added (its
 *     non-volatile default, PostgreSQL's {@code attmissingval}), or null for NULL
 */
public record MirrorColumn(
    String name, ColumnType type, boolean key, int fieldId, String missingSql) {

  /** A column without a missing value. */
  public MirrorColumn(String name, ColumnType type, boolean key, int fieldId) {
    this(name, type, key, fieldId, null);
  }
}
