package io.mooncake.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code avg()} in a scalar subquery compared with a value ({@code x < (SELECT 0.2 * avg(q) FROM t
 * WHERE ...)}, TPC-H q17 and q22). PostgreSQL's average of integers or numerics is their sum
 * divided by their count, rounded to a scale chosen from the leading digits of both (about 16
 * significant digits); DuckDB's is a double. Only its value matters in a comparison, so DuckDB
 * computes that value exactly: the subquery becomes {@code (SELECT 0.2 * mooncake_avg(__mc_s1,
 * __mc_n1) FROM (SELECT sum(q) AS __mc_s1, count(q) AS __mc_n1 FROM t WHERE ...) AS __mc_avg)},
 * where the {@link #MACRO_DEFINITIONS macro} divides as PostgreSQL does, in 128-bit integers, into
 * a DECIMAL(38,20) (it fails, and the query runs on PostgreSQL, for an average of floats, one
 * needing more than 20 decimals, or one out of range). DuckDB's decimal arithmetic after it ({@code
 * 0.2 * ...}) is exact or fails. The subquery's select list must be that one item (numbers, {@code
 * + - *}, averages), its FROM part without GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET, WINDOW or set
 * operations.
 */
final class SubqueryAverages {

  /** The averages rewritten (their {@code avg} tokens) and the edits doing it. */
  record Found(Set<Integer> averageTokens, List<TextEdit> edits) {}

  private static final Set<String> ITEM_OPERATORS = Set.of("*", "+", "-");

  private static final Set<String> FROM = Set.of("from");

  /** Small macros the layers use (a macro's arguments are copied where used: keep them few). */
  static final List<String> MACRO_DEFINITIONS =
      List.of(
          "CREATE OR REPLACE TEMP MACRO mooncake_pad21(z) AS"
              + " repeat('0', CAST(if(length(z) < 21, 21 - length(z), 0) AS INTEGER)) || z",
          "CREATE OR REPLACE TEMP MACRO mooncake_point(z) AS"
              + " left(z, length(z) - 20) || '.' || right(z, 20)",
          "CREATE OR REPLACE TEMP MACRO mooncake_pow10(k) AS CAST('1' || repeat('0', k) AS"
              + " HUGEINT)");

  /**
   * The layers computing average {@code %1$d} from its sum {@code __mc_s%1$d} and count {@code
   * __mc_n%1$d}, innermost first: each is a select list over the one before (one DuckDB expression
   * would be copied into itself by macro expansion and take 100 ms to bind). PostgreSQL divides the
   * sum by the count rounded half away from zero at scale r: at least the sum's scale, and 16 - 4 *
   * (weight of the quotient in base-10000 digits), from the operands' weights and first base-10000
   * digits (select_div_scale). The sum's text gives its digits exactly. A failure is a cast of its
   * reason to an integer, not error(): DuckDB does not decorrelate a subquery calling error()
   * (TPC-H q17 took minutes instead of 200 ms at scale factor 1). No CASE or GREATEST: a query with
   * them may pick among numeric scales ({@code MirrorQueries.unifiesScales}), and these only
   * compute the average's value.
   */
  private static final String[] LAYERS = {
    "__mc_n%1$d, if(typeof(__mc_s%1$d) LIKE 'DECIMAL%%' OR typeof(__mc_s%1$d) IN ('HUGEINT',"
        + " 'BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT'), CAST(__mc_s%1$d AS VARCHAR),"
        + " CAST(CAST('an average of floating-point values is PostgreSQL''s to compute: ' ||"
        + " __mc_n%1$d AS INTEGER) AS VARCHAR)) AS __mc_t%1$d",
    "__mc_n%1$d, starts_with(__mc_t%1$d, '-') AS __mc_neg%1$d, split_part(ltrim(__mc_t%1$d,"
        + " '-'), '.', 1) AS __mc_ip%1$d, if(contains(__mc_t%1$d, '.'), split_part(__mc_t%1$d,"
        + " '.', 2), '') AS __mc_fp%1$d, CAST(__mc_n%1$d AS VARCHAR) AS __mc_nt%1$d",
    "__mc_n%1$d, __mc_neg%1$d, __mc_ip%1$d, __mc_fp%1$d, __mc_nt%1$d, CAST(__mc_ip%1$d ||"
        + " __mc_fp%1$d AS HUGEINT) AS __mc_si%1$d, length(__mc_fp%1$d) AS __mc_ds%1$d,"
        + " length(__mc_fp%1$d) - length(ltrim(__mc_fp%1$d, '0')) AS __mc_z%1$d",
    "__mc_n%1$d, __mc_neg%1$d, __mc_si%1$d, __mc_ds%1$d, if(__mc_ip%1$d <> '0',"
        + " divide(length(__mc_ip%1$d) - 1, 4), -divide(__mc_z%1$d, 4) - 1) AS __mc_w%1$d,"
        + " if(__mc_ip%1$d <> '0', CAST(left(__mc_ip%1$d, (length(__mc_ip%1$d) - 1) %% 4 + 1) AS"
        + " INTEGER), CAST(substr(rpad(__mc_fp%1$d, CAST((divide(__mc_z%1$d, 4) + 1) * 4 AS"
        + " INTEGER), '0'), divide(__mc_z%1$d, 4) * 4 + 1, 4) AS INTEGER)) AS __mc_f%1$d,"
        + " divide(length(__mc_nt%1$d) - 1, 4) AS __mc_wn%1$d, CAST(left(__mc_nt%1$d,"
        + " (length(__mc_nt%1$d) - 1) %% 4 + 1) AS INTEGER) AS __mc_fn%1$d",
    "__mc_n%1$d, __mc_neg%1$d, __mc_si%1$d, __mc_ds%1$d, 16 - 4 * (__mc_w%1$d - __mc_wn%1$d -"
        + " if(__mc_f%1$d <= __mc_fn%1$d, 1, 0)) AS __mc_r%1$d",
    "__mc_n%1$d, __mc_neg%1$d, __mc_si%1$d, __mc_ds%1$d, if(__mc_r%1$d > __mc_ds%1$d,"
        + " __mc_r%1$d, __mc_ds%1$d) AS __mc_r%1$d",
    "__mc_n%1$d, __mc_neg%1$d, if(__mc_si%1$d = 0 OR __mc_n%1$d = 0, CAST(0 AS HUGEINT),"
        + " if(__mc_r%1$d > 20, CAST(CAST('an average with more than 20 decimals is"
        + " PostgreSQL''s to compute: ' || __mc_n%1$d AS INTEGER) AS HUGEINT), divide(2 * __mc_si%1$d * mooncake_pow10(__mc_r%1$d - __mc_ds%1$d) +"
        + " __mc_n%1$d, 2 * CAST(__mc_n%1$d AS HUGEINT)) * mooncake_pow10(20 - __mc_r%1$d))) AS"
        + " __mc_q%1$d",
    "if(__mc_n%1$d = 0, NULL, CAST(if(__mc_neg%1$d, '-', '') ||"
        + " mooncake_point(mooncake_pad21(CAST(__mc_q%1$d AS VARCHAR))) AS DECIMAL(38,20))) AS"
        + " __mc_v%1$d",
  };

  private SubqueryAverages() {}

  /** The rewrites of such subqueries in tokens {@code [from, to)} of {@code sql}. */
  static Found find(String sql, List<Token> tokens, int from, int to) {
    Set<Integer> averages = new java.util.HashSet<>();
    List<TextEdit> edits = new ArrayList<>();
    int number = 0;
    for (int i = from + 1; i + 1 < to; i++) {
      Token previous = tokens.get(i - 1);
      if (!tokens.get(i).isPunct("(")
          || !tokens.get(i + 1).isWord("select")
          || previous.kind() != Token.Kind.OPERATOR
          || !PaddedChars.COMPARISONS.contains(previous.value())) {
        continue;
      }
      int close = TypeNames.closingParen(tokens, i);
      int fromWord = close < 0 ? -1 : TypeNames.topLevelWord(tokens, i + 2, close, FROM);
      // GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET, WINDOW, set operations: not the one row
      if (close >= to
          || fromWord < 0
          || TypeNames.topLevelWord(tokens, fromWord, close, PushedFilters.CLAUSE_ENDS) >= 0) {
        continue;
      }
      List<int[]> calls = averages(tokens, i + 2, fromWord);
      if (calls == null || calls.isEmpty()) {
        continue;
      }
      StringBuilder items = new StringBuilder();
      StringBuilder sums = new StringBuilder();
      List<Integer> numbers = new ArrayList<>();
      int copied = tokens.get(i + 2).start();
      for (int[] call : calls) {
        number++;
        numbers.add(number);
        String argument =
            sql.substring(tokens.get(call[0] + 2).start(), tokens.get(call[1] - 1).end());
        items.append(sql, copied, tokens.get(call[0]).start()).append("__mc_v").append(number);
        copied = tokens.get(call[1]).end();
        sums.append(sums.length() == 0 ? "" : ", ")
            .append(
                String.format(
                    "sum(%2$s) AS __mc_s%1$d, count(%2$s) AS __mc_n%1$d", number, argument));
        averages.add(call[0]);
      }
      items.append(sql, copied, tokens.get(fromWord - 1).end());
      StringBuilder open = new StringBuilder("SELECT ").append(items).append(" FROM ");
      StringBuilder closing = new StringBuilder();
      for (int layer = LAYERS.length - 1; layer >= 0; layer--) {
        open.append("(SELECT ");
        for (int k = 0; k < numbers.size(); k++) {
          open.append(k == 0 ? "" : ", ").append(String.format(LAYERS[layer], numbers.get(k)));
        }
        open.append(" FROM ");
        closing.append(") AS __mc_avg").append(layer);
      }
      open.append("(SELECT ").append(sums).append(" FROM ");
      edits.add(new TextEdit(i + 1, fromWord, open.toString()));
      edits.add(new TextEdit(close, close, ") AS __mc_sums" + closing + ") "));
      i = close;
    }
    return new Found(Set.copyOf(averages), List.copyOf(edits));
  }

  /**
   * The {@code avg(...)} calls of the select list {@code [start, end)} as {@code {avg token,
   * closing parenthesis}}, or null when the list holds anything but numbers, {@code + - *},
   * parentheses and averages of expressions without parameters or subqueries.
   */
  private static List<int[]> averages(List<Token> tokens, int start, int end) {
    List<int[]> calls = new ArrayList<>();
    for (int k = start; k < end; k++) {
      Token t = tokens.get(k);
      if (t.isWord("avg") && k + 1 < end && tokens.get(k + 1).isPunct("(")) {
        int close = TypeNames.closingParen(tokens, k + 1);
        if (close < 0 || close >= end || close == k + 2) {
          return null;
        }
        for (int a = k + 2; a < close; a++) {
          Token in = tokens.get(a);
          if (in.kind() == Token.Kind.PARAM
              || in.kind() == Token.Kind.POSITIONAL_PARAM
              || in.isWord("select")
              || in.isWord("distinct")
              || in.isWord("all")
              || in.isWord("avg")
              || in.isWord("order")
              || in.isWord("filter")
              || in.isWord("over")) {
            return null;
          }
        }
        if (close + 1 < end
            && (tokens.get(close + 1).isWord("filter") || tokens.get(close + 1).isWord("over"))) {
          return null;
        }
        calls.add(new int[] {k, close});
        k = close;
      } else if (!(t.kind() == Token.Kind.NUMBER
          || t.isPunct("(")
          || t.isPunct(")")
          || (t.kind() == Token.Kind.OPERATOR && ITEM_OPERATORS.contains(t.value())))) {
        return null;
      }
    }
    return calls;
  }
}
