package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slot does not hold WAL back while mirrored tables are idle and other tables are written: the
 * engine confirms the positions the walsender reports though no change of a mirror comes.
 */
@Timeout(300)
class WalRetentionIT {

  private static final EmbeddedPg PG = PgFixture.get();

  @TempDir Path warehouse;

  @Test
  void walIsNotRetainedWhileMirrorsAreIdle() throws Exception {
    String db = PG.createDatabase("engine_wal_retention");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db));
        Engine engine =
            Engine.start(
                EngineTests.settings(db, warehouse, 1_000, Duration.ofMillis(500), null))) {
      EngineTests.exec(
          pg,
          "CREATE TABLE idle (id int PRIMARY KEY)",
          "INSERT INTO idle VALUES (1)",
          "CREATE TABLE busy (id int, pad text)");
      engine.createMirror("idle_cs", "idle");
      String start = EngineTests.query(pg, "SELECT pg_current_wal_lsn()::text");
      for (int i = 0; i < 12; i++) {
        EngineTests.exec(
            pg, "INSERT INTO busy SELECT g, repeat('x', 500) FROM generate_series(1, 10000) g");
      }
      long written = bytes(pg, "pg_wal_lsn_diff(pg_current_wal_lsn(), '" + start + "')");
      assertThat(written).as("WAL written by the unmirrored table").isGreaterThan(48L << 20);

      long began = System.nanoTime();
      EngineTests.await(
          "confirmed_flush_lsn within 1 MB of the WAL's end",
          Duration.ofSeconds(30),
          () -> retained(pg, "confirmed_flush_lsn") < (1L << 20));
      long confirmedMs = (System.nanoTime() - began) / 1_000_000;
      // restart_lsn moves at the next running-transactions record, which the server logs at
      // checkpoints and every 15 s while WAL is written.
      EngineTests.await(
          "restart_lsn within 16 MB (a WAL segment) of the WAL's end",
          Duration.ofSeconds(90),
          () -> retained(pg, "restart_lsn") < (16L << 20));
      System.out.printf(
          "WalRetentionIT: %d MB written to an unmirrored table; confirmed_flush_lsn caught up"
              + " in %d ms, restart_lsn in %d ms%n",
          written >> 20, confirmedMs, (System.nanoTime() - began) / 1_000_000);
      assertThat(
              EngineTests.query(
                  pg,
                  "SELECT wal_status FROM pg_replication_slots WHERE database = current_database()"))
          .isEqualTo("reserved");
    }
  }

  @Test
  void walIsConfirmedWhileMirrorsAreWrittenWithoutPause() throws Exception {
    String db = PG.createDatabase("engine_wal_busy");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db));
        Engine engine =
            Engine.start(
                EngineTests.settings(db, warehouse, 1_000, Duration.ofMillis(500), null))) {
      SourceWriter.createTables(pg, "b", 100);
      engine.createMirror("b_cs", "b");
      engine.createMirror("b_log_cs", "b_log");
      long worst = 0;
      try (SourceWriter writer = new SourceWriter(PG.jdbcUrl(db), "b", 1_000, 5).start()) {
        EngineTests.await("writes", Duration.ofSeconds(30), () -> writer.commits() > 100);
        // A transaction is nearly always in flight: confirming must not wait for a pause.
        for (int i = 0; i < 20; i++) {
          Thread.sleep(250);
          worst = Math.max(worst, retained(pg, "confirmed_flush_lsn"));
        }
        System.out.printf(
            "WalRetentionIT: %d transactions in 5 s; confirmed_flush_lsn at most %d kB behind%n",
            writer.commits(), worst >> 10);
      }
      assertThat(worst).as("the slot's confirmed position follows the writes").isLessThan(8L << 20);
    }
  }

  /** How much WAL the slot's {@code position} column keeps behind the WAL's end, in bytes. */
  private static long retained(Connection pg, String position) throws Exception {
    return bytes(
        pg,
        "(SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), "
            + position
            + ") FROM pg_replication_slots WHERE database = current_database())");
  }

  private static long bytes(Connection pg, String expression) throws Exception {
    return (long) Double.parseDouble(EngineTests.query(pg, "SELECT " + expression));
  }
}
