package io.mooncake.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast path: which texts need the full analysis, and what the check costs. */
class MirrorNameIndexTest {

  private static final MirrorNameIndex INDEX = new MirrorNameIndex(List.of("orders", "LineItems"));

  @Test
  void findsNamesAsIdentifiersOnly() {
    assertThat(INDEX.mentionedIn("select * from ORDERS")).isTrue();
    assertThat(INDEX.mentionedIn("select * from public.orders o")).isTrue();
    assertThat(INDEX.mentionedIn("select * from \"orders\"")).isTrue();
    assertThat(INDEX.mentionedIn("select * from \"LineItems\"")).isTrue();
    assertThat(INDEX.mentionedIn("select * from lineitems")).isFalse();
    assertThat(INDEX.mentionedIn("select * from \"Orders\"")).isFalse();
    assertThat(INDEX.mentionedIn("select 'orders', $$orders$$, $x$ orders $x$ -- orders"))
        .isFalse();
    assertThat(INDEX.mentionedIn("select E'\\' orders' /* orders /* orders */ */")).isFalse();
    assertThat(INDEX.mentionedIn("select orders_2, my_orders, orders2 from t")).isFalse();
    assertThat(INDEX.mentionedIn("select U&\"d\\0061ta\" from t")).isTrue();
  }

  @Test
  void unterminatedTextIsLeftToPostgres() {
    assertThat(
            MirrorCatalog.builder()
                .mirror("public", "orders", "x")
                .build()
                .mayMention("select 'orders"))
        .isFalse();
  }

  /** Prints the cost per statement; the bound only catches gross regressions. */
  @Test
  void costPerOltpStatement() {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < 50; k++) {
      names.add("mirror_table_" + k);
    }
    names.add("orders");
    MirrorNameIndex index = new MirrorNameIndex(names);
    String[] statements = {
      "INSERT INTO accounts (id, owner_name, balance, created_at) VALUES (?, ?, ?, ?)",
      "SELECT a.id, a.owner_name, a.balance FROM accounts a WHERE a.id = ? AND a.status = 'open'",
      "UPDATE accounts SET balance = balance + ? WHERE id = ?",
    };
    long sink = 0;
    for (int warm = 0; warm < 300_000; warm++) {
      sink += index.mentionedIn(statements[warm % 3]) ? 1 : 0;
    }
    int rounds = 1_000_000;
    long start = System.nanoTime();
    for (int k = 0; k < rounds; k++) {
      sink += index.mentionedIn(statements[k % 3]) ? 1 : 0;
    }
    double nsPerStatement = (System.nanoTime() - start) / (double) rounds;
    System.out.printf("fast path: %.0f ns per OLTP statement (51 mirrors)%n", nsPerStatement);
    assertThat(sink).isZero();
    assertThat(nsPerStatement).isLessThan(20_000);
  }
}
