package io.mooncake.calcite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PostgreSQL's lexical rules as the planner needs them. */
class PgLexerTest {

  private static List<String> kinds(String sql) {
    List<String> out = new ArrayList<>();
    for (Token t : PgLexer.lex(sql)) {
      out.add(t.kind() + ":" + t.value());
    }
    return out;
  }

  @Test
  void stringsIdentifiersAndComments() {
    assertThat(kinds("SELECT \"A\"\"b\", E'x\\'y', $t$ a $ b $t$ -- c\n/* d /* e */ */ FROM T"))
        .containsExactly(
            "WORD:select",
            "QUOTED_IDENT:A\"b",
            "PUNCT:,",
            "STRING:E'x\\'y'",
            "PUNCT:,",
            "STRING:$t$ a $ b $t$",
            "WORD:from",
            "WORD:t");
  }

  @Test
  void operatorsCastsAndPlaceholders() {
    assertThat(kinds("a->>'k' || b::text[] ?? ? $1 1.5e3 x[1:2]"))
        .containsExactly(
            "WORD:a",
            "OPERATOR:->>",
            "STRING:'k'",
            "OPERATOR:||",
            "WORD:b",
            "OPERATOR:::",
            "WORD:text",
            "PUNCT:[",
            "PUNCT:]",
            "OPERATOR:??",
            "PARAM:?",
            "POSITIONAL_PARAM:$1",
            "NUMBER:1.5e3",
            "WORD:x",
            "PUNCT:[",
            "NUMBER:1",
            "PUNCT::",
            "NUMBER:2",
            "PUNCT:]");
  }

  @Test
  void operatorEndingInMinusFollowsPostgresRule() {
    assertThat(kinds("a=-1")).containsExactly("WORD:a", "OPERATOR:=", "OPERATOR:-", "NUMBER:1");
    assertThat(kinds("a@-1")).containsExactly("WORD:a", "OPERATOR:@-", "NUMBER:1");
  }

  @Test
  void unterminatedLiteralsAreReported() {
    assertThatThrownBy(() -> PgLexer.lex("select 'abc"))
        .hasMessageContaining("unterminated quoted string");
    assertThatThrownBy(() -> PgLexer.lex("select $$abc"))
        .hasMessageContaining("unterminated dollar");
  }

  @Test
  void searchPathParsesShowOutput() {
    assertThat(SearchPath.parse("\"$user\", public, \"My Schema\"", "ann").schemas())
        .containsExactly("ann", "public", "My Schema");
  }
}
