package io.mooncake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooncake.testkit.EmbeddedPg;
import io.mooncake.testkit.PgFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engines in separate processes ({@link EngineProcess}) are killed with SIGKILL at random moments
 * while an application writes; each next one waits for the dead one's sessions to go, and the
 * engine started last (in this JVM) holds exactly what the sources hold, with no slot or
 * publication member left over. The seed is printed: {@code -Dmooncake.seed=N} replays one.
 */
@Timeout(600)
class EngineKillIT {

  private static final EmbeddedPg PG = PgFixture.get();

  @TempDir Path warehouse;

  @Test
  void killedEngineProcessesLoseAndDoubleNothing() throws Exception {
    long seed = Long.getLong("mooncake.seed", System.nanoTime());
    System.out.println("EngineKillIT seed " + seed + " (replay with -Dmooncake.seed=" + seed + ")");
    SplittableRandom random = new SplittableRandom(seed);
    String db = PG.createDatabase("engine_kill");
    try (Connection pg = DriverManager.getConnection(PG.jdbcUrl(db))) {
      SourceWriter.createTables(pg, "k", 1_000);
      try (SourceWriter writer = new SourceWriter(PG.jdbcUrl(db), "k", 10_000, seed).start()) {
        for (int round = 0; round < 3; round++) {
          Process child = launch(db);
          CompletableFuture<Void> ready = readyOf(child, round);
          ready.get(180, TimeUnit.SECONDS);
          long delayMs = random.nextLong(0, 3_000);
          Thread.sleep(delayMs);
          child.destroyForcibly();
          assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
          System.out.printf(
              "EngineKillIT: round %d: killed %d ms after it was ready, %d transactions so far%n",
              round, delayMs, writer.commits());
        }
        // Written while no engine runs.
        int before = writer.commits();
        EngineTests.await("writes", Duration.ofSeconds(30), () -> writer.commits() > before + 20);
      }

      long start = System.nanoTime();
      try (Engine engine =
          Engine.start(
              EngineTests.settings(db, warehouse, 200, Duration.ofMillis(100), null),
              Duration.ofSeconds(60))) {
        engine.awaitApplied(EngineTests.currentLsn(pg), Duration.ofSeconds(60));
        System.out.printf(
            "EngineKillIT: owner and caught up %d ms after the last kill%n",
            (System.nanoTime() - start) / 1_000_000);
        MirrorComparison.assertEqual(
            engine, new MirrorName("public", "k_cs"), pg, "k", "after the kills");
        MirrorComparison.assertEqual(
            engine,
            new MirrorName("public", "k_log_cs"),
            pg,
            "k_log",
            "after the kills, nothing doubled");
        assertThat(EngineTests.slots(pg)).containsExactly("mooncake_engine_kill");
        assertThat(EngineTests.published(pg)).containsExactly("public.k", "public.k_log");
        assertThat(EngineTests.column(pg, "SELECT state FROM mooncake.columnstore_tables"))
            .containsOnly("streaming");
        EngineTests.await(
            "this process shows as the engine",
            Duration.ofSeconds(10),
            () ->
                String.valueOf(ProcessHandle.current().pid())
                    .equals(EngineTests.query(pg, "SELECT pid FROM mooncake.bgworker_status()")));
      }
    }
  }

  /** Starts {@link EngineProcess} on {@code db} and the test's warehouse, in a new JVM. */
  private Process launch(String db) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            EngineProcess.class.getName(),
            PG.jdbcUrl(db),
            warehouse.toString(),
            "k_cs",
            "k",
            "k_log_cs",
            "k_log")
        .redirectErrorStream(true)
        .start();
  }

  /** Completes when the child says READY; its output goes to this test's output. */
  private static CompletableFuture<Void> readyOf(Process child, int round) {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  System.out.println("[engine process " + round + "] " + line);
                  if (line.startsWith("READY")) {
                    ready.complete(null);
                  }
                }
              } catch (IOException e) {
                // Killed.
              }
              ready.completeExceptionally(new IllegalStateException("the engine process ended"));
            },
            "engine-process-output");
    reader.setDaemon(true);
    reader.start();
    return ready;
  }
}
