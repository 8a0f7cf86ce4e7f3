package io.mooncake.calcite;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a statement uses columns whose stored values DuckDB may only hand back, not compare, sort
 * or compute with (a mirror keeps them as PostgreSQL's text). Such a column may only be a bare item
 * of the outermost select list; a "zoned" one (its text depends on the session's time zone) may not
 * be used at all, nor may {@code *} select it. The planner knows no column types, so the caller
 * names the columns; the check is lexical (PostgreSQL's rules, {@link PgLexer}) and errs towards
 * PostgreSQL.
 */
public final class OpaqueColumns {

  /** Words after a select item that continue it (so the item is not bare). */
  private static final Set<String> CONTINUING =
      Set.of("is", "in", "like", "ilike", "between", "and", "or", "not", "collate");

  private OpaqueColumns() {}

  /**
   * Why {@code sql} uses one of {@code opaque} (column name, as PostgreSQL resolves it → type name)
   * in another way, or empty; {@code zoned} are the names that may not be used at all.
   */
  public static Optional<String> misuse(String sql, Map<String, String> opaque, Set<String> zoned) {
    if (opaque.isEmpty()) {
      return Optional.empty();
    }
    List<Token> tokens;
    try {
      tokens = PgLexer.lex(sql);
    } catch (Untranslatable e) {
      return Optional.of("the statement cannot be read (" + e.getMessage() + ")");
    }
    int depth = 0;
    boolean selectList = false;
    boolean seenSelect = false;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.isPunct("(")) {
        depth++;
      } else if (t.isPunct(")")) {
        depth--;
      } else if (depth == 0 && t.isWord("select") && !seenSelect) {
        seenSelect = true;
        selectList = true;
      } else if (depth == 0 && t.isWord("from")) {
        selectList = false;
      } else if (t.isOperator("*") && !zoned.isEmpty()) {
        return Optional.of(
            "a column holds timestamptz values as text in UTC, not in the session's time zone");
      }
      String type = t.isIdentifier() ? opaque.get(t.value()) : null;
      if (type == null) {
        continue;
      }
      if (zoned.contains(t.value())) {
        return Optional.of("column " + t.value() + " holds timestamptz values as text in UTC");
      }
      // t.col: the item starts at its qualifier
      int first = i >= 2 && tokens.get(i - 1).isPunct(".") ? i - 2 : i;
      Token previous = first > 0 ? tokens.get(first - 1) : null;
      boolean bare =
          selectList
              && depth == 0
              && previous != null
              && (previous.isWord("select") || previous.isPunct(","))
              && endsItem(i + 1 < tokens.size() ? tokens.get(i + 1) : null);
      if (!bare) {
        return Optional.of(
            "column "
                + t.value()
                + " ("
                + type
                + ") is kept as PostgreSQL text, which DuckDB would compare or compute as text");
      }
    }
    return Optional.empty();
  }

  /** Whether {@code next} ends a select item: a comma, FROM, AS, an alias word, or the end. */
  private static boolean endsItem(Token next) {
    return next == null
        || next.isPunct(",")
        || (next.kind() == Token.Kind.WORD && !CONTINUING.contains(next.value()));
  }
}
