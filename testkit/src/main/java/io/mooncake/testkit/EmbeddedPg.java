package io.mooncake.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server started from the binaries in Maven Central, configured for logical
 * replication ({@code wal_level=logical}, room for slots and WAL senders).
 *
 * <p>Used by every module's integration tests (through {@link PgFixture}), by the benchmarks and by
 * the demo. Not thread-safe to start; once started, its URLs may be used from any thread.
 */
public final class EmbeddedPg implements AutoCloseable {

  /** The superuser the embedded cluster is initialised with; it authenticates by trust. */
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedPg(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a fresh cluster on a free port, in a new temporary data directory. */
  public static EmbeddedPg start() {
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
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
      return new EmbeddedPg(pg);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    }
  }

  /** The port the server listens on (loopback). */
  public int port() {
    return postgres.getPort();
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
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
    }
  }
}
