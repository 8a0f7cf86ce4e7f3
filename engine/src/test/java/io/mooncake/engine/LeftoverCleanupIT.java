package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that died in the middle of dropping or creating a mirror leaves a table in the
 * publication, an initial copy's slot, or the slot with no mirror left; the next start removes
 * them. The leftovers are made by hand, as such a process would leave them.
 */
@Timeout(300)
class LeftoverCleanupIT {

  private static final EmbeddedPg PG = PgFixture.get();

  @TempDir Path warehouse;

  @Test
  void leftoversOfADeadProcessAreRemovedAtStart() throws Exception {
    String db = PG.createDatabase("engine_leftovers");
    Engine.Settings settings =
        EngineTests.settings(db, warehouse, 200, Duration.ofMillis(200), null);
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db))) {
      EngineTests.exec(
          pg,
          "CREATE TABLE a (id int PRIMARY KEY)",
          "CREATE TABLE b (id int PRIMARY KEY)",
          "INSERT INTO a VALUES (1)",
          "INSERT INTO b VALUES (1)");
      String slot;
      try (Engine engine = Engine.start(settings)) {
        engine.createMirror("a_cs", "a");
        engine.createMirror("b_cs", "b");
        slot = EngineTests.slots(pg).get(0);
      }
      assertThat(EngineTests.published(pg)).containsExactly("public.a", "public.b");

      // drop_table of b_cs died after its catalog row was deleted; a copy died after it made its
      // slot.
      EngineTests.exec(
          pg,
          "DELETE FROM mooncake.mirrors WHERE mirror_name = 'b_cs'",
          "SELECT pg_create_logical_replication_slot('" + slot + "_copy_999999_1', 'pgoutput')");
      assertThat(EngineTests.slots(pg)).hasSize(2);
      try (Engine engine = Engine.start(settings)) {
        assertThat(EngineTests.published(pg)).containsExactly("public.a");
        assertThat(EngineTests.slots(pg)).containsExactly(slot);
        EngineTests.exec(pg, "INSERT INTO a VALUES (2)", "INSERT INTO b VALUES (2)");
        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        assertThat(MirrorComparison.mirrorRows(engine, new MirrorName("public", "a_cs")))
            .isEqualTo(MirrorComparison.sourceRows(pg, "a"));
        assertThat(engine.mirrors()).containsOnlyKeys(new MirrorName("public", "a_cs"));
      }

      // drop_table of the last mirror died before the slot was dropped.
      EngineTests.exec(pg, "DELETE FROM mooncake.mirrors");
      try (Engine engine = Engine.start(settings)) {
        assertThat(EngineTests.slots(pg)).as("no slot holds WAL for no mirror").isEmpty();
        assertThat(EngineTests.column(pg, "SELECT pubname FROM pg_publication")).isEmpty();
        assertThat(engine.mirrors()).isEmpty();
      }

      // An ordinary drop of the last mirror leaves nothing either.
      try (Engine engine = Engine.start(settings)) {
        engine.createMirror("a_cs", "a");
        assertThat(EngineTests.slots(pg)).hasSize(1);
        engine.dropMirror("a_cs");
        assertThat(EngineTests.slots(pg)).isEmpty();
        assertThat(EngineTests.column(pg, "SELECT pubname FROM pg_publication"))
            .isEqualTo(List.of());
      }
    }
  }
}
