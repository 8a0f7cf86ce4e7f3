package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import io.mooncake.testkit.TcpProxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process owns a database's engine at a time: another waits or is refused; an engine whose
 * session was lost and whose lock another process took stops; a network cut that the server does
 * not notice (its sessions, the lock and the walsender, live on) is ridden through, whether the
 * engine's connections are reset or silently stop carrying anything.
 */
@Timeout(300)
class EngineOwnershipIT {

  private static final EmbeddedPg PG = PgFixture.get();

  /** The engine's advisory lock key ("mooncake"). */
  private static final String LOCK = "7885643992453442405";

  @TempDir Path warehouse;

  private Engine.Settings settings(String db) {
    return EngineTests.settings(db, warehouse, 200, Duration.ofMillis(200), null);
  }

  @Test
  void aSecondEngineIsRefusedOrWaitsForTheOwner() throws Exception {
    String db = PG.createDatabase("engine_owner_wait");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db))) {
      EngineTests.exec(pg, "CREATE TABLE w (id int PRIMARY KEY)", "INSERT INTO w VALUES (1)");
      Engine first = Engine.start(settings(db));
      first.createMirror("w_cs", "w");
      assertThatThrownBy(() -> Engine.start(settings(db)))
          .isInstanceOf(EngineException.class)
          .extracting(e -> ((EngineException) e).sqlState())
          .isEqualTo("55000");

      CompletableFuture<Engine> second =
          CompletableFuture.supplyAsync(() -> Engine.start(settings(db), Duration.ofSeconds(60)));
      Thread.sleep(1_000);
      assertThat(second).as("waits while the first one runs").isNotDone();
      EngineTests.exec(pg, "INSERT INTO w VALUES (2)");
      first.close();
      try (Engine next = second.get(60, TimeUnit.SECONDS)) {
        next.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        MirrorComparison.assertEqual(
            next, new MirrorName("public", "w_cs"), pg, "w", "after the owner changed");
      }
    }
  }

  @Test
  void anEngineWhoseLockAnotherProcessTookStepsDown() throws Exception {
    String db = PG.createDatabase("engine_owner_taken");
    MirrorName mirror = new MirrorName("public", "t_cs");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db))) {
      SourceWriter.createTables(pg, "t", 100);
      Engine engine = Engine.start(settings(db));
      try (SourceWriter writer = new SourceWriter(PG.jdbcUrl(db), "t", 1_000, 7).start()) {
        engine.createMirror("t_cs", "t");
        engine.createMirror("t_log_cs", "t_log");
        EngineTests.await("writes", Duration.ofSeconds(30), () -> writer.commits() > 50);

        // The engine's session ends (as in a network cut) and another process takes the lock
        // before the engine is back.
        try (Connection other = DriverManager.getConnection(PG.jdbcUrl(db))) {
          String owner = EngineTests.ownerPid(pg);
          EngineTests.exec(other, "SELECT pg_terminate_backend(" + owner + ", 5000)");
          EngineTests.exec(other, "SELECT pg_advisory_lock(" + LOCK + ")");
          EngineTests.await(
              "the engine stops", Duration.ofSeconds(30), () -> !engine.status().running());
          assertThat(engine.status().problem()).contains("another process took over");
          assertThat(engine.mirrors().values())
              .as("no mirror failed on the way")
              .allSatisfy(m -> assertThat(m.failure()).isNull());
          assertThatThrownBy(() -> engine.createMirror("x", "t"))
              .extracting(e -> ((EngineException) e).sqlState())
              .isEqualTo("55000");
          EngineTests.await(
              "its stream is closed",
              Duration.ofSeconds(30),
              () ->
                  EngineTests.query(
                          pg,
                          "SELECT 1 FROM pg_replication_slots WHERE database = current_database()"
                              + " AND active")
                      == null);
          EngineTests.await(
              "the views show that no engine keeps the mirrors current",
              Duration.ofSeconds(20),
              () ->
                  "f"
                          .equals(
                              EngineTests.query(
                                  pg, "SELECT running FROM mooncake.bgworker_status()"))
                      && Long.parseLong(
                              EngineTests.query(
                                  pg, "SELECT min(lag_ms) FROM mooncake.columnstore_tables"))
                          >= 5_000);
          assertThat(EngineTests.ownerPid(pg))
              .isEqualTo(EngineTests.query(other, "SELECT pg_backend_pid()"));
        }
      } finally {
        engine.close();
      }

      // The other owner went away without doing anything: the next engine resumes from the slot.
      try (Engine next = Engine.start(settings(db), Duration.ofSeconds(30))) {
        next.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
        MirrorComparison.assertEqual(next, mirror, pg, "t", "after the takeover");
        MirrorComparison.assertEqual(
            next, new MirrorName("public", "t_log_cs"), pg, "t_log", "after the takeover");
      }
    }
  }

  @Test
  void aNetworkCutTheServerDoesNotNoticeIsRiddenThrough() throws Exception {
    String db = PG.createDatabase("engine_owner_cut");
    MirrorName mirror = new MirrorName("public", "n_cs");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db));
        TcpProxy network = TcpProxy.to(PG.port())) {
      SourceWriter.createTables(pg, "n", 100);
      Engine.Settings settings =
          EngineTests.settings(network.port(), db, warehouse, 200, Duration.ofMillis(200), null);
      try (Engine engine = Engine.start(settings)) {
        engine.createMirror("n_cs", "n");
        engine.createMirror("n_log_cs", "n_log");
        for (int cut = 0; cut < 2; cut++) {
          try (SourceWriter writer =
              new SourceWriter(PG.jdbcUrl(db), "n", 1_000 + cut * 100_000, cut).start()) {
            EngineTests.await("writes", Duration.ofSeconds(30), () -> writer.commits() > 50);
            String owner = EngineTests.ownerPid(pg);
            String walsender = walsender(pg);
            long cutAt = System.nanoTime();
            if (cut == 0) {
              network.cut();
            } else {
              network.blackhole();
            }
            EngineTests.await(
                "the engine is back with a new session and walsender, the old ones ended",
                Duration.ofSeconds(120),
                () ->
                    engine.status().connected()
                        && !owner.equals(EngineTests.ownerPid(pg))
                        && walsender(pg) != null
                        && !walsender.equals(walsender(pg))
                        && "0"
                            .equals(
                                EngineTests.query(
                                    pg,
                                    "SELECT count(*) FROM pg_stat_activity WHERE pid IN ("
                                        + owner
                                        + ", "
                                        + walsender
                                        + ")")),
                () ->
                    engine.status()
                        + " owner "
                        + owner
                        + " -> "
                        + EngineTests.ownerPid(pg)
                        + ", walsender "
                        + walsender
                        + " -> "
                        + walsender(pg)
                        + ", "
                        + EngineTests.column(
                            pg,
                            "SELECT pid || ' ' || backend_type || ' ' || state FROM"
                                + " pg_stat_activity WHERE datname = current_database()"));
            assertThat(engine.status().running()).isTrue();
            System.out.printf(
                "EngineOwnershipIT: %s; streaming again %d ms later%n",
                cut == 0 ? "connections reset" : "packets dropped",
                (System.nanoTime() - cutAt) / 1_000_000);
            int after = writer.commits();
            EngineTests.await(
                "writes after", Duration.ofSeconds(30), () -> writer.commits() > after + 50);
          }
          engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(30));
          MirrorComparison.assertEqual(engine, mirror, pg, "n", "after cut " + cut);
          MirrorComparison.assertEqual(
              engine,
              new MirrorName("public", "n_log_cs"),
              pg,
              "n_log",
              "after cut " + cut + ", nothing doubled");
        }
      }
    }
  }

  private static String walsender(Connection pg) throws Exception {
    return EngineTests.query(
        pg,
        "SELECT active_pid FROM pg_replication_slots WHERE database = current_database()"
            + " AND slot_name NOT LIKE '%\\_copy\\_%'");
  }
}
