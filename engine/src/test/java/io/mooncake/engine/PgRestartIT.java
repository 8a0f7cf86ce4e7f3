package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.testkit.EmbeddedPg;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops (fast, then immediate: a crash) and starts again while the engine runs and an
 * application writes: the engine rides through, showing the outage meanwhile, takes its ownership
 * lock again and resumes from the slot, with nothing lost or doubled. Its own PostgreSQL, so that
 * the other tests' server stays up.
 */
@Timeout(600)
class PgRestartIT {

  @TempDir Path warehouse;

  @Test
  void theEngineRidesThroughPostgresRestarts() throws Exception {
    try (EmbeddedPg pg = EmbeddedPg.start()) {
      String db = pg.createDatabase("engine_pg_restart");
      String url = pg.jdbcUrl(db);
      Engine.Settings settings =
          EngineTests.settings(pg.port(), db, warehouse, 200, Duration.ofMillis(200), null);
      MirrorName mirror = new MirrorName("public", "r_cs");
      MirrorName log = new MirrorName("public", "r_log_cs");
      try (Connection c = DriverManager.getConnection(url)) {
        SourceWriter.createTables(c, "r", 500);
      }
      int firstId = 1_000;
      try (Engine engine = Engine.start(settings)) {
        engine.createMirror("r_cs", "r");
        engine.createMirror("r_log_cs", "r_log");
        for (EmbeddedPg.StopMode mode : EmbeddedPg.StopMode.values()) {
          try (SourceWriter writer = new SourceWriter(url, "r", firstId, mode.ordinal()).start()) {
            EngineTests.await("writes before", Duration.ofSeconds(30), () -> writer.commits() > 50);
            assertThat(engine.status().connected()).isTrue();

            pg.stop(mode);
            int failuresBefore = writer.failures().size();
            EngineTests.await(
                "the engine notices", Duration.ofSeconds(30), () -> !engine.status().connected());
            EngineTests.await(
                "writes fail", Duration.ofSeconds(10), () -> writer.failures().size() > 3);
            Thread.sleep(2_000);
            Engine.Status down = engine.status();
            assertThat(down.running()).isTrue();
            assertThat(down.connected()).isFalse();
            assertThat(down.lagMs()).as("the outage shows as lag").isGreaterThanOrEqualTo(2_000);
            assertThat(down.problem()).isNotNull();
            List<String> failures = List.copyOf(writer.failures());
            assertThat(failures.subList(failuresBefore, failures.size()))
                .as("writes while PostgreSQL is down fail as connection errors")
                .allSatisfy(state -> assertThat(state).matches("08...|57P0."));

            pg.startAgain();
            long up = System.nanoTime();
            EngineTests.await(
                "the engine reconnects", Duration.ofSeconds(30), () -> engine.status().connected());
            System.out.printf(
                "PgRestartIT: %s stop; the engine streamed again %d ms after PostgreSQL was up%n",
                mode, (System.nanoTime() - up) / 1_000_000);
            int committed = writer.commits();
            EngineTests.await(
                "writes after", Duration.ofSeconds(30), () -> writer.commits() > committed + 50);
          }
          firstId += 100_000;

          try (Connection c = DriverManager.getConnection(url)) {
            engine.awaitApplied(EngineTests.currentLsn(c), Duration.ofSeconds(60));
            MirrorComparison.assertEqual(
                engine, mirror, c, "r", String.format("after a %s restart", mode));
            MirrorComparison.assertEqual(
                engine,
                log,
                c,
                "r_log",
                String.format("after a %s restart, nothing doubled", mode));
            assertThat(engine.status().connected()).isTrue();
            assertThat(
                    EngineTests.query(
                        c,
                        "SELECT state FROM mooncake.columnstore_tables WHERE table_name = 'r_cs'"))
                .isEqualTo("streaming");
            assertThat(
                    EngineTests.query(
                        c,
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                            + " AND database = (SELECT oid FROM pg_database"
                            + " WHERE datname = current_database())"))
                .as("the engine holds its ownership lock again")
                .isEqualTo("1");
            EngineTests.await(
                "the status is written again",
                Duration.ofSeconds(10),
                () ->
                    "t"
                        .equals(
                            EngineTests.query(
                                c,
                                "SELECT running AND updated_at > '"
                                    + restartedAt(c)
                                    + "'::timestamptz FROM mooncake.bgworker_status()")));
          }
        }
      }

      // Iceberg and the slot agree: a clean start from them gives the same rows.
      try (Engine again = Engine.start(settings);
          Connection c = DriverManager.getConnection(url)) {
        again.awaitApplied(EngineTests.currentLsn(c), Duration.ofSeconds(60));
        MirrorComparison.assertEqual(again, mirror, c, "r", "after a clean start");
        MirrorComparison.assertEqual(again, log, c, "r_log", "after a clean start");
      }
    }
  }

  /** When the server (re)started, as PostgreSQL knows it. */
  private static String restartedAt(Connection c) throws Exception {
    return EngineTests.query(c, "SELECT pg_postmaster_start_time()::text");
  }
}
