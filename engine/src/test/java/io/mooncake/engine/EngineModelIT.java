package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random DML streams (multi-row, key updates, large transactions streamed before their
 * commit, rollbacks, TRUNCATE, duplicate rows without a key) with clean restarts and simulated
 * crashes of the engine at random points; after each checkpoint the mirrors equal their sources row
 * for row. The seed is printed: {@code -Dmooncake.seed=N} replays one.
 */
class EngineModelIT {

  private static final EmbeddedPg PG = PgFixture.get();

  @TempDir Path warehouse;

  private Engine.Settings settings(String db) {
    // Small enough that the large transactions below are streamed before their commit.
    return EngineTests.settings(
        db, warehouse, 300, Duration.ofMillis(200), "-c logical_decoding_work_mem=64kB");
  }

  @ParameterizedTest
  @ValueSource(longs = {101, 202})
  void mirrorsEqualTheirSourcesAfterRandomChangesRestartsAndCrashes(long defaultSeed)
      throws Exception {
    long seed = Long.getLong("mooncake.seed", defaultSeed);
    System.out.println(
        "EngineModelIT seed " + seed + " (replay with -Dmooncake.seed=" + seed + ")");
    SplittableRandom random = new SplittableRandom(seed);
    String db = PG.createDatabase("engine_model_" + seed);
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db) + "&preferQueryMode=simple")) {
      EngineTests.exec(
          pg,
          "DROP TABLE IF EXISTS t, u",
          "CREATE TABLE t (id int PRIMARY KEY, k int, v text, n numeric(12,2))",
          "CREATE TABLE u (a int, b text)",
          "INSERT INTO t SELECT g, g % 7, 'v' || g, g / 4.0 FROM generate_series(1, 500) g",
          "INSERT INTO u SELECT g % 5, 'b' || (g % 3) FROM generate_series(1, 100) g");
      Engine engine = Engine.start(settings(db));
      try {
        engine.createMirror("t_cs", "t");
        engine.createMirror("u_cs", "u");
        int nextId = 1_000;
        for (int round = 0; round < 40; round++) {
          int op = random.nextInt(100);
          if (op < 20) {
            int n = 1 + random.nextInt(50);
            EngineTests.exec(
                pg,
                "INSERT INTO t SELECT g, g % 7, 'i' || g, g / 8.0 FROM generate_series("
                    + nextId
                    + ", "
                    + (nextId + n - 1)
                    + ") g");
            nextId += n;
          } else if (op < 35) {
            int m = 2 + random.nextInt(9);
            EngineTests.exec(
                pg,
                "UPDATE t SET v = v || 'u', n = n + 1 WHERE id % " + m + " = " + random.nextInt(m));
          } else if (op < 42) {
            // Key updates: ids move out of the way of existing ones.
            int m = 5 + random.nextInt(20);
            EngineTests.exec(
                pg, "UPDATE t SET id = id + 1000000 WHERE id < 1000000 AND id % " + m + " = 0");
          } else if (op < 52) {
            int m = 3 + random.nextInt(10);
            EngineTests.exec(pg, "DELETE FROM t WHERE id % " + m + " = " + random.nextInt(m));
          } else if (op < 58) {
            EngineTests.exec(
                pg,
                "BEGIN",
                "INSERT INTO t VALUES (" + nextId++ + ", 0, 'gone', 0)",
                "DELETE FROM t WHERE id % 2 = 0",
                "ROLLBACK");
          } else if (op < 64) {
            // A large transaction, streamed before its commit.
            EngineTests.exec(
                pg,
                "BEGIN",
                "INSERT INTO t SELECT g, 1, repeat('L', 50), 1 FROM generate_series("
                    + nextId
                    + ", "
                    + (nextId + 2999)
                    + ") g",
                "UPDATE t SET k = k + 1 WHERE id % 3 = 0",
                "COMMIT");
            nextId += 3000;
          } else if (op < 67) {
            EngineTests.exec(pg, "TRUNCATE t");
          } else if (op < 80) {
            // Duplicate rows without a key: deleting one deletes exactly one.
            int a = random.nextInt(5);
            EngineTests.exec(
                pg,
                "INSERT INTO u VALUES (" + a + ", 'dup'), (" + a + ", 'dup')",
                "DELETE FROM u WHERE ctid = (SELECT ctid FROM u WHERE a = "
                    + a
                    + " AND b = 'dup' LIMIT 1)",
                "UPDATE u SET b = b || '+' WHERE ctid = (SELECT ctid FROM u WHERE a = "
                    + random.nextInt(5)
                    + " LIMIT 1)");
          } else if (op < 90) {
            engine.close();
            engine = Engine.start(settings(db));
          } else {
            engine.crashForTest();
            engine = Engine.start(settings(db));
          }
          if (round % 5 == 4) {
            check(engine, pg, seed, round);
          }
        }
        check(engine, pg, seed, 40);
      } finally {
        engine.close();
      }
    }
  }

  private static void check(Engine engine, Connection pg, long seed, int round) throws Exception {
    engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(60));
    for (String table : new String[] {"t", "u"}) {
      assertThat(MirrorComparison.mirrorRows(engine, new MirrorName("public", table + "_cs")))
          .as("seed %d, round %d, table %s", seed, round, table)
          .isEqualTo(MirrorComparison.sourceRows(pg, table));
    }
  }
}
