package io.mooncake.engine;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Copies the rows of a source table, as of a snapshot exported by a replication slot, out of
 * PostgreSQL into CSV files (PostgreSQL's CSV, one file per connection).
 *
 * <p>A large source is cut into pieces, ranges of heap blocks of the table or of each leaf
 * partition (on PostgreSQL 14 and later a TID Range Scan reads only its range), which several
 * connections copy at once, each in a transaction that imported the same snapshot: every row of the
 * snapshot lies in exactly one range (the first range has no lower bound, the last no upper one),
 * so together they read each row once. A small source is one piece: one COPY of the whole table.
 *
 * <p>Locks: before it takes a piece, each connection takes the ACCESS SHARE locks that a SELECT of
 * the source takes (on its partitions and inheritance children too), so that no piece is read after
 * a table rewrite or TRUNCATE that the snapshot would see as an empty table; and each ends its
 * transaction as soon as no piece is left, never waiting for another one with its locks held, so
 * that a DDL statement queued behind the copy delays it but cannot close a cycle of waits that
 * PostgreSQL would not see. Not thread-safe: one copy per instance.
 */
final class SnapshotCopy {

  /** A source from this size on is copied by several connections. */
  static final long PARALLEL_FROM_BYTES = 64L << 20;

  /** A source with this many rows (PostgreSQL's estimate) or more is copied by several too. */
  static final long PARALLEL_FROM_ROWS = 200_000;

  /** At most this many connections copy one source. */
  private static final int MAX_CONNECTIONS = 4;

  /** Ranges per connection: one that is slower (a busy core, denser blocks) then copies fewer. */
  private static final int RANGES_PER_CONNECTION = 4;

  private static final AtomicInteger THREADS = new AtomicInteger();

  /**
   * One COPY: a relation (the source or a leaf partition), all of it or the heap blocks from {@code
   * fromBlock} (0: from the first) up to before {@code toBlock} (-1: to the last).
   */
  record Piece(MirrorName relation, long fromBlock, long toBlock, long bytes) {

    /** The SELECT of {@code columns} (a quoted list) over this piece's rows. */
    String select(String columns) {
      List<String> bounds = new ArrayList<>();
      if (fromBlock > 0) {
        bounds.add("ctid >= '(" + fromBlock + ",0)'::tid");
      }
      if (toBlock >= 0) {
        bounds.add("ctid < '(" + toBlock + ",0)'::tid");
      }
      return "SELECT "
          + columns
          + " FROM "
          + relation.quoted()
          + (bounds.isEmpty() ? "" : " WHERE " + String.join(" AND ", bounds));
    }
  }

  private final Engine engine;
  private final String snapshotName;
  private final CopyProgress progress;
  private final Queue<Piece> pieces = new ConcurrentLinkedQueue<>();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /**
   * A copy through {@code engine}'s connections in the snapshot {@code snapshotName} (which must
   * stay exported until {@link #run} returns), counting the rows copied in {@code progress}.
   */
  SnapshotCopy(Engine engine, String snapshotName, CopyProgress progress) {
    this.engine = engine;
    this.snapshotName = snapshotName;
    this.progress = progress;
  }

  /**
   * Imports the snapshot into a new transaction of {@code c} (autocommit off), read-only.
   * Statements on {@code c} then see the database exactly as of the snapshot.
   */
  static void importSnapshot(Connection c, String snapshotName) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      s.execute("SET TRANSACTION SNAPSHOT " + Sql.literal(snapshotName));
    }
  }

  /**
   * Copies {@code source}'s columns into CSV files in {@code directory} and returns them (some may
   * be empty). {@code first} is a connection that imported the snapshot ({@link #importSnapshot}):
   * it plans the pieces and copies some; more connections copy the others when the source is large.
   * On return every transaction of the copy has ended.
   */
  List<Path> run(Connection first, SourceTable source, Path directory)
      throws SQLException, IOException {
    String columns =
        source.columns().stream()
            .map(col -> Sql.identifier(col.name()))
            .collect(Collectors.joining(", "));
    lock(first, source);
    int width = plan(first, source);
    Files.createDirectories(directory);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      files.add(directory.resolve("part-" + i + ".csv"));
    }
    List<Thread> others = new ArrayList<>();
    for (int i = 1; i < width; i++) {
      Path file = files.get(i);
      Thread t =
          new Thread(
              () -> {
                try (Connection c = engine.connect()) {
                  work(c, source, columns, file, true);
                } catch (SQLException | RuntimeException | Error e) {
                  fail(e);
                }
              },
              "mooncake-copy-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      t.start();
      others.add(t);
    }
    try {
      work(first, source, columns, files.get(0), false);
    } finally {
      // No file may still be written once the copy returns.
      others.forEach(SnapshotCopy::join);
    }
    Throwable e = failure.get();
    if (e instanceof SQLException) {
      throw (SQLException) e;
    }
    if (e instanceof IOException) {
      throw (IOException) e;
    }
    if (e instanceof RuntimeException) {
      throw (RuntimeException) e;
    }
    if (e != null) {
      throw (Error) e;
    }
    return files;
  }

  /** Waits for {@code t} to end, even when interrupted (the interrupt is kept). */
  private static void join(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Takes the ACCESS SHARE locks on {@code source} and every relation it reads (partitions,
   * inheritance children) that a SELECT of it takes, and that {@code c}'s transaction then holds:
   * before it takes any piece, so that a table rewritten (or truncated) meanwhile, which the
   * snapshot would see empty, is never read.
   */
  private static void lock(Connection c, SourceTable source) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT NULL FROM " + source.name().quoted() + " LIMIT 0");
    }
  }

  /**
   * Fills the queue of pieces from the relations of {@code source} in the snapshot and returns how
   * many connections copy them.
   */
  private int plan(Connection c, SourceTable source) throws SQLException {
    List<Piece> relations = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    long blockSize;
    // Partitions are read on their own only where that reads what the parent reads: SELECT
    // granted on each (through the parent, the parent's grant is enough) and no row security.
    boolean apart = true;
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH RECURSIVE tree(relid) AS (SELECT ?::oid UNION ALL SELECT i.inhrelid"
                + " FROM pg_catalog.pg_inherits i JOIN tree t ON i.inhparent = t.relid)"
                + " SELECT n.nspname, r.relname, r.relkind, pg_catalog.pg_relation_size(r.oid),"
                + " greatest(r.reltuples, 0)::bigint,"
                + " pg_catalog.current_setting('block_size')::bigint,"
                + " pg_catalog.has_table_privilege(r.oid, 'SELECT') AND NOT r.relrowsecurity"
                + " FROM tree t JOIN pg_catalog.pg_class r ON r.oid = t.relid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE ? OR r.oid = ?::oid")) {
      // A partitioned table's rows are in its leaf partitions; a table's, in itself (a SELECT of
      // a table with inheritance children reads theirs too, as does each of its ranges).
      ps.setLong(1, source.oid());
      ps.setBoolean(2, source.kind() == 'p');
      ps.setLong(3, source.oid());
      blockSize = 8192;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String kind = rs.getString(3);
          apart &= rs.getBoolean(7);
          if (kind.equals("p")) {
            continue;
          }
          // Only heap tables are cut in ranges; a foreign partition is copied whole.
          long size = kind.equals("r") ? rs.getLong(4) : 0;
          relations.add(new Piece(new MirrorName(rs.getString(1), rs.getString(2)), 0, -1, size));
          bytes += size;
          rows += rs.getLong(5);
          blockSize = rs.getLong(6);
        }
      }
    }
    int width = Math.min(MAX_CONNECTIONS, Runtime.getRuntime().availableProcessors());
    if ((bytes < engine.parallelCopyFromBytes() && rows < PARALLEL_FROM_ROWS)
        || width < 2
        || (source.kind() == 'p' && !apart)) {
      pieces.add(new Piece(source.name(), 0, -1, bytes));
      return 1;
    }
    // Before PostgreSQL 14 a range would be a scan of the whole table: partitions only.
    boolean ranges = c.getMetaData().getDatabaseMajorVersion() >= 14;
    List<Piece> planned = new ArrayList<>();
    for (Piece r : relations) {
      long blocks = r.bytes() / blockSize;
      long cuts =
          ranges && bytes > 0
              ? Math.min(
                  blocks, Math.round((double) width * RANGES_PER_CONNECTION * r.bytes() / bytes))
              : 1;
      if (cuts <= 1) {
        planned.add(r);
        continue;
      }
      for (long i = 0; i < cuts; i++) {
        long from = blocks * i / cuts;
        long to = i == cuts - 1 ? -1 : blocks * (i + 1) / cuts;
        planned.add(new Piece(r.relation(), from, to, ((to < 0 ? blocks : to) - from) * blockSize));
      }
    }
    // The largest first, so that the last ones to finish are small.
    planned.sort(Comparator.comparingLong(Piece::bytes).reversed());
    pieces.addAll(planned);
    return Math.min(width, planned.size());
  }

  /**
   * Copies pieces from the queue into {@code file} through {@code c} (after importing the snapshot
   * into it when {@code importing}) until none is left, then ends {@code c}'s transaction.
   */
  private void work(
      Connection c, SourceTable source, String columns, Path file, boolean importing) {
    connections.add(c);
    try {
      if (failure.get() != null) {
        return;
      }
      if (importing) {
        importSnapshot(c, snapshotName);
        lock(c, source);
      }
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        Piece piece;
        while (failure.get() == null && (piece = pieces.poll()) != null) {
          copyOut(c, piece.select(columns), out);
        }
      }
      c.commit();
    } catch (SQLException | IOException | RuntimeException | Error e) {
      fail(e);
    }
  }

  /** Records the copy's first failure and aborts its connections: the copy as a whole is lost. */
  private void fail(Throwable e) {
    if (failure.compareAndSet(null, e)) {
      for (Connection c : connections) {
        try {
          c.abort(Runnable::run);
        } catch (SQLException closed) {
          // Already closed.
        }
      }
    }
  }

  /** Copies the rows of {@code select} as CSV to {@code out}, counting them. */
  private void copyOut(Connection c, String select, OutputStream out)
      throws SQLException, IOException {
    CopyOut copy =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyOut("COPY (" + select + ") TO STDOUT (FORMAT csv)");
    long counted = 0;
    byte[] row;
    // PostgreSQL sends each row in a message of its own. After a failure the connection is
    // aborted, so a copy left unfinished needs no cancel.
    while ((row = copy.readFromCopy()) != null) {
      out.write(row);
      if (++counted == 1024) {
        progress.add(counted);
        counted = 0;
      }
    }
    progress.add(counted);
  }
}
