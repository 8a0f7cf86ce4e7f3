package io.mooncake.calcite;

/**
 * Thrown inside the analysis when a statement touching a mirror cannot run on DuckDB; the planner
 * turns it into {@link QueryPlan.CannotTranslate}. {@code offset} is a position in the original
 * text, or -1.
 */
final class Untranslatable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int offset;

  Untranslatable(String reason, int offset) {
    super(reason, null, false, false);
    this.offset = offset;
  }
}
