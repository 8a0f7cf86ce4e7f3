package io.mooncake.engine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sustained stream of small transactions (an insert, an update, a delete on table {@code t}, and
 * a row in {@code t_log}, which has no key, so that a transaction applied twice shows as a doubled
 * row) from its own thread, as an application would write while the engine or PostgreSQL goes away:
 * a failed transaction is recorded with its SQLSTATE and the writer reconnects and goes on.
 */
final class SourceWriter implements AutoCloseable {

  private final String url;
  private final String table;
  private final SplittableRandom random;
  private final AtomicInteger commits = new AtomicInteger();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean writing = true;
  private int nextId;

  /** Writes to {@code table} through {@code url}, inserting ids from {@code firstId} on. */
  SourceWriter(String url, String table, int firstId, long seed) {
    this.url = url;
    this.table = table;
    this.nextId = firstId;
    this.random = new SplittableRandom(seed);
    this.thread = new Thread(this::run, "source-writer-" + table);
  }

  /** Creates {@code table} and {@code table_log} with {@code rows} rows to begin with. */
  static void createTables(Connection c, String table, int rows) throws SQLException {
    EngineTests.exec(
        c,
        "CREATE TABLE " + table + " (id int PRIMARY KEY, v text, n int)",
        "CREATE TABLE "
            + table
            + "_log (id int, at timestamptz DEFAULT now(),"
            + " near_lsn pg_lsn DEFAULT pg_current_wal_insert_lsn())",
        "INSERT INTO " + table + " SELECT g, 'r' || g, 0 FROM generate_series(1, " + rows + ") g");
  }

  SourceWriter start() {
    thread.start();
    return this;
  }

  /** Transactions committed so far. */
  int commits() {
    return commits.get();
  }

  /** The SQLSTATEs of the transactions (or connection attempts) that failed. */
  List<String> failures() {
    return failures;
  }

  private void run() {
    Connection c = null;
    while (writing) {
      try {
        if (c == null) {
          c = DriverManager.getConnection(url);
        }
        int id = nextId++;
        try (Statement s = c.createStatement()) {
          // One query string: one transaction.
          s.execute(
              "INSERT INTO "
                  + table
                  + " VALUES ("
                  + id
                  + ", 'w"
                  + id
                  + "', 0); UPDATE "
                  + table
                  + " SET n = n + 1, v = v || '+' WHERE id = "
                  + (id - 1 - random.nextInt(50))
                  + "; DELETE FROM "
                  + table
                  + " WHERE id = "
                  + (id - 20 - random.nextInt(200))
                  + "; INSERT INTO "
                  + table
                  + "_log (id) VALUES ("
                  + id
                  + ")");
        }
        commits.incrementAndGet();
      } catch (SQLException e) {
        failures.add(String.valueOf(e.getSQLState()));
        close(c);
        c = null;
        pause(50);
      }
    }
    close(c);
  }

  private static void close(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // Already broken.
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops writing after the transaction in flight. */
  @Override
  public void close() {
    writing = false;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
