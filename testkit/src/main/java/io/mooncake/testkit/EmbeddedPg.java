package io.mooncake.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server started from the binaries in Maven Central, configured for logical
 * replication ({@code wal_level=logical}, room for slots and WAL senders).
 *
 * <p>Used by every module's integration tests (through {@link PgFixture}), by the benchmarks and by
 * the demo. A test may stop the server (as an administrator or a crash would) and start it again on
 * the same data directory and port ({@link #stop}, {@link #startAgain}). Not thread-safe to start
 * or stop; while it runs, its URLs may be used from any thread.
 */
public final class EmbeddedPg implements AutoCloseable {

  /** The superuser the embedded cluster is initialised with; it authenticates by trust. */
  public static final String USER = "postgres";

  /** How {@link #stop} shuts the server down (PostgreSQL's {@code pg_ctl stop -m} modes). */
  public enum StopMode {
    /** Sessions are ended and a shutdown checkpoint is written. */
    FAST,
    /** Every process quits at once; the next start recovers from the WAL, as after a crash. */
    IMMEDIATE
  }

  private final Path dataDirectory;
  private final int port;
  private volatile EmbeddedPostgres postgres;

  private EmbeddedPg(Path dataDirectory, EmbeddedPostgres postgres) {
    this.dataDirectory = dataDirectory;
    this.port = postgres.getPort();
    this.postgres = postgres;
  }

  /** Starts a fresh cluster on a free port, in a new temporary data directory. */
  public static EmbeddedPg start() {
    // Beside zonky's own data directories, so that its clean-up of stale ones covers ours.
    Path parent =
        Path.of(
            System.getProperty(
                "ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
    Path dataDirectory = parent.resolve("mooncake-" + UUID.randomUUID());
    return new EmbeddedPg(dataDirectory, launch(dataDirectory, 0));
  }

  /**
   * Starts the postmaster on {@code dataDirectory} (initialising it when empty), on {@code port} or
   * a free one when 0. The data directory stays when it stops, for {@link #startAgain}.
   */
  private static EmbeddedPostgres launch(Path dataDirectory, int port) {
    try {
      return EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setServerConfig("wal_level", "logical")
          .setServerConfig("max_replication_slots", "32")
          .setServerConfig("max_wal_senders", "32")
          .setServerConfig("max_connections", "200")
          .setServerConfig("wal_sender_timeout", "60s")
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("timezone", "UTC")
          .setServerConfig("lc_messages", "C")
          .setPGStartupWait(Duration.ofSeconds(60))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    }
  }

  /**
   * Stops the server: {@link StopMode#FAST} waits (up to two minutes) for sessions to end and
   * walsenders to hand their clients every change; {@link StopMode#IMMEDIATE} does not. Until
   * {@link #startAgain}, connecting fails.
   */
  public void stop(StopMode mode) {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // pg_ctl refuses to run as root; in a new user namespace it does not (zonky does the same).
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(
        List.of(
            postmasterBinary().resolveSibling("pg_ctl").toString(),
            "-D",
            dataDirectory.toString(),
            "stop",
            "-m",
            mode == StopMode.FAST ? "fast" : "immediate",
            "-w",
            "-t",
            "120"));
    run(command);
    close(postgres); // zonky's own stop finds the server stopped; this releases its lock
  }

  /** Starts the server again on the same data directory and port after {@link #stop}. */
  public void startAgain() {
    postgres = launch(dataDirectory, port);
  }

  /** The running postmaster's executable (pg_ctl lies beside it). */
  private Path postmasterBinary() {
    try (Stream<String> lines = Files.lines(dataDirectory.resolve("postmaster.pid"))) {
      long pid = Long.parseLong(lines.findFirst().orElseThrow().trim());
      return ProcessHandle.of(pid)
          .flatMap(p -> p.info().command())
          .map(Path::of)
          .orElseThrow(
              () -> new IllegalStateException("the postmaster " + pid + " is not running"));
    } catch (IOException e) {
      throw new UncheckedIOException("the server is not running: no postmaster.pid", e);
    }
  }

  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(command + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }

  /** The port the server listens on (loopback); the same after {@link #startAgain}. */
  public int port() {
    return port;
  }

  /** A PgJDBC URL for {@code database}, with the superuser. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database + "?user=" + USER;
  }

  /** The same database through mooncake: {@code jdbc:mooncake:} in front of {@link #jdbcUrl}. */
  public String mooncakeUrl(String database) {
    return "jdbc:mooncake:" + jdbcUrl(database).substring("jdbc:".length());
  }

  /**
   * Creates {@code database} (if it does not exist yet) so that a test or a benchmark has its own
   * namespace, and returns its name.
   */
  public String createDatabase(String database) {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
        Statement s = c.createStatement()) {
      var rs =
          s.executeQuery("SELECT 1 FROM pg_database WHERE datname = " + s.enquoteLiteral(database));
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + s.enquoteIdentifier(database, true));
      }
      return database;
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + database, e);
    }
  }

  /** Stops the server and removes its data directory. */
  @Override
  public void close() {
    close(postgres);
    try (Stream<Path> paths = Files.walk(dataDirectory)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + dataDirectory, e);
    }
  }

  private static void close(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
    }
  }
}
