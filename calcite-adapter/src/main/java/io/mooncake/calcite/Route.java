package io.mooncake.calcite;

/** Where the driver sends a statement; see {@link QueryPlan}. */
public enum Route {
  /** No mirror is read or written: the statement goes to PostgreSQL untouched. */
  NOT_A_MIRROR_QUERY,
  /**
   * The statement reads mirrors and runs on DuckDB as {@link QueryPlan.MirrorQuery#duckDbSql()}.
   */
  MIRROR_QUERY,
  /** The statement writes to (or locks, or alters) a mirror: refused with SQLSTATE 0A000. */
  MIRROR_WRITE,
  /** The statement reads a mirror but DuckDB cannot answer it exactly as PostgreSQL would. */
  CANNOT_TRANSLATE
}
