package io.mooncake.calcite;

import java.util.Objects;

/**
 * How DuckDB reads a mirror: the SQL text of a relation yielding the mirror's rows with the source
 * table's column names, such as a view name ({@code "mc_orders"}) or a parenthesized query ({@code
 * (SELECT * FROM read_parquet([...]) ...)}). The engine supplies it for each read state; the
 * planner splices it in place of the mirror's name, adding the mirror's name as alias when the user
 * gave none.
 */
public record MirrorScan(String duckDbRelation) {

  public MirrorScan {
    Objects.requireNonNull(duckDbRelation, "duckDbRelation");
    if (duckDbRelation.isBlank()) {
      throw new IllegalArgumentException("empty DuckDB relation");
    }
  }
}
