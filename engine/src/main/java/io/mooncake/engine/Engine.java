package io.mooncake.engine;

import io.mooncake.engine.wal.LogicalSlot;
import io.mooncake.engine.wal.Publication;
import io.mooncake.engine.wal.ReplicationException;
import io.mooncake.engine.wal.ReplicationStream;
import io.mooncake.engine.wal.WalMessage;
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
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * The CDC engine of one PostgreSQL database in this JVM: one logical slot and publication, one
 * apply thread that reads the stream and keeps every mirror's state in an in-process DuckDB, and
 * the Iceberg tables that make the mirrors durable. The slot's flush position is confirmed only
 * once the changes it covers are committed to Iceberg, so a restart replays from the slot what
 * Iceberg does not hold yet.
 *
 * <p>Only one process runs the engine of a database (a session-level advisory lock, {@link
 * ControlSession}). Lost connections (PostgreSQL restarted, network cut) are reopened with backoff;
 * the lock is taken again, or, when another process took it meanwhile, this engine stops. Thread
 * -safe: public methods may be called from any thread; the work that changes mirrors runs on the
 * apply thread.
 */
public final class Engine implements MirrorReads, AutoCloseable {

  /**
   * Where the engine connects and stores, and when it makes changes durable.
   *
   * @param pgUrl a PgJDBC URL of the source database
   * @param pgProperties PgJDBC properties (user, password, ...)
   * @param warehouse the directory under which mirrors' Iceberg tables live
   * @param flushRows a mirror's mem slice is written to Parquet at this many rows
   * @param flushInterval changes are made durable (and confirmed to the slot) at least this often
   */
  public record Settings(
      String pgUrl,
      Properties pgProperties,
      Path warehouse,
      long flushRows,
      Duration flushInterval,
      Duration snapshotRetention) {

    /** How long an Iceberg snapshot of a mirror stays readable once a newer one exists. */
    public static final Duration DEFAULT_SNAPSHOT_RETENTION = Duration.ofHours(1);

    /** Settings keeping snapshots for {@link #DEFAULT_SNAPSHOT_RETENTION}. */
    public Settings(
        String pgUrl,
        Properties pgProperties,
        Path warehouse,
        long flushRows,
        Duration flushInterval) {
      this(pgUrl, pgProperties, warehouse, flushRows, flushInterval, DEFAULT_SNAPSHOT_RETENTION);
    }
  }

  /** Marks mirrors failed, or copies them again, with the reason, on the apply thread. */
  interface Failures {
    void fail(MirrorRuntime mirror, String reason);

    void recopy(MirrorRuntime mirror, String reason);
  }

  /**
   * What the engine is doing now.
   *
   * @param running whether the apply thread runs
   * @param connected whether the engine reaches PostgreSQL and, with mirrors, streams from the slot
   * @param applied the position up to which every committed change is applied
   * @param lagMs how far behind the source the mirrors may be; while disconnected, at least the
   *     time since the connection was lost
   * @param problem why the engine is disconnected or stopped, or null
   */
  public record Status(
      boolean running, boolean connected, Lsn applied, long lagMs, String problem) {}

  private final Settings settings;
  private final String database;
  private final ControlSession session;
  private final DuckDBConnection duck;

  /** The commit thread's connection to the engine's DuckDB: it writes frozen mem slices. */
  private final java.sql.Connection writer;

  private final Publication publication;
  private final LogicalSlot slot;
  private final Map<Integer, MirrorRuntime> mirrors = new ConcurrentHashMap<>();
  private final Map<Integer, List<ApplyLoop.Held>> copying = new ConcurrentHashMap<>();
  private final Map<Integer, MirrorRecopy> recopies = new ConcurrentHashMap<>();
  private final ApplyLoop loop;
  private final IcebergCommits commits;
  private final LinkedBlockingQueue<FutureTask<?>> commands = new LinkedBlockingQueue<>();
  private final Thread applyThread;
  private final Object appliedMonitor = new Object();
  private volatile Lsn applied = Lsn.ZERO;
  private volatile boolean running = true;
  private volatile Throwable crash;
  private ReplicationStream stream;
  private int nextMirrorId;
  private long lastDurableNanos = System.nanoTime();
  private long lastStatusNanos;
  private boolean flushRequested;

  private Engine(Settings settings, ControlSession session) throws SQLException {
    this.settings = settings;
    this.session = session;
    this.database = session.database();
    MirrorCatalog.install(session.connection());
    this.duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    this.writer = duck.duplicate();
    for (java.sql.Connection c : List.of(duck, writer)) {
      try (Statement s = c.createStatement()) {
        // The apply connection reads PostgreSQL's text with explicit offsets; never fetch code.
        s.execute("SET TimeZone = 'UTC'");
        s.execute("SET autoinstall_known_extensions = false");
        s.execute("SET autoload_known_extensions = false");
      }
    }
    this.slot = new LogicalSlot(slotName(database));
    this.publication = new Publication("mooncake");
    this.loop =
        new ApplyLoop(
            mirrors,
            copying,
            duck,
            new Failures() {
              @Override
              public void fail(MirrorRuntime mirror, String reason) {
                Engine.this.fail(mirror, reason);
              }

              @Override
              public void recopy(MirrorRuntime mirror, String reason) {
                Engine.this.recopy(mirror, reason);
              }
            },
            this::evolve);
    this.commits = new IcebergCommits(database);
    this.applyThread = new Thread(this::run, "mooncake-apply-" + database);
    this.applyThread.setDaemon(true);
  }

  /**
   * Starts the engine of the database {@code settings} points to, and resumes its mirrors; {@code
   * 55000} when another process runs it.
   */
  public static Engine start(Settings settings) {
    return start(settings, Duration.ZERO);
  }

  /**
   * As {@link #start(Settings)}, waiting at most {@code ownershipWait} for another process to stop
   * running the engine (a process that was killed holds it until the server notices).
   */
  public static Engine start(Settings settings, Duration ownershipWait) {
    ControlSession session = null;
    Engine engine = null;
    try {
      session = ControlSession.acquire(() -> connect(settings), ownershipWait);
      engine = new Engine(settings, session);
      engine.recover();
      engine.started = true;
      engine.applyThread.start();
      engine.recopies.values().forEach(MirrorRecopy::start);
      return engine;
    } catch (SQLException | RuntimeException e) {
      if (engine != null) {
        try {
          engine.duck.close();
        } catch (SQLException closing) {
          e.addSuppressed(closing);
        }
      }
      if (session != null) {
        session.close();
      }
      if (e instanceof EngineException) {
        throw (EngineException) e;
      }
      String state = e instanceof SQLException ? ((SQLException) e).getSQLState() : null;
      throw new EngineException(state == null ? "08006" : state, e.getMessage(), e);
    }
  }

  /** The name of the replication slot of database {@code database}'s engine. */
  static String slotName(String database) {
    String name = "mooncake_" + database.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return name.length() > 63 ? name.substring(0, 63) : name;
  }

  /** The database this engine mirrors. */
  public String database() {
    return database;
  }

  /** The position up to which every committed change is applied (and visible to readers). */
  public Lsn applied() {
    return applied;
  }

  @Override
  public boolean usable() {
    return status().running();
  }

  /** What the engine is doing now; while disconnected, the lag grows with the outage. */
  public Status status() {
    long since = outageSinceMillis;
    long lag = lagMs;
    if (since != 0) {
      lag = Math.max(lag, System.currentTimeMillis() - since);
    }
    Throwable stopped = crash;
    return new Status(
        running,
        running && since == 0,
        applied,
        lag,
        stopped != null ? stopped.getMessage() : outageProblem);
  }

  /**
   * The mirrors that can be read: name → the DuckDB view holding its rows. The same (immutable) map
   * until a mirror is created, dropped or fails.
   */
  @Override
  public Map<MirrorName, MirrorInfo> mirrors() {
    return readable;
  }

  private volatile Map<MirrorName, MirrorInfo> readable = Map.of();

  /** When the current outage began (epoch ms), 0 while connected; and why. */
  private volatile long outageSinceMillis;

  private volatile String outageProblem;

  /** The lag last computed on the apply thread. */
  private volatile long lagMs;

  /** Whether the apply thread was started: commands before that run on the starting thread. */
  private volatile boolean started;

  /** Publishes the current mirrors to readers. */
  void refreshReadable() {
    Map<MirrorName, MirrorInfo> out = new java.util.HashMap<>();
    for (MirrorRuntime rt : mirrors.values()) {
      out.put(
          rt.name(),
          new MirrorInfo(
              rt.name(),
              rt.source,
              rt.entry.sourceOid(),
              rt.state.viewName(),
              rt.failure,
              rt.state.schema()));
    }
    for (MirrorRecopy r : recopies.values()) {
      out.put(r.entry().mirror(), r.info());
    }
    readable = Map.copyOf(out);
  }

  /**
   * What a reader needs of a mirror. {@code failure} says why it cannot be read now (it failed, or
   * is being copied again), null when it can; {@code schema} is null when not known.
   */
  public record MirrorInfo(
      MirrorName name,
      MirrorName source,
      long sourceOid,
      String duckDbView,
      String failure,
      MirrorSchema schema) {}

  /**
   * A new DuckDB connection to the mirrors' state, for one reader (who applies the session settings
   * of the query path); the caller closes it.
   */
  @Override
  public Connection reader() throws SQLException {
    Connection c = duck.duplicate();
    // DuckDB copies the apply connection's autocommit, which is off while a batch is applied: a
    // reader must see each committed batch, not the snapshot of its first statement.
    c.setAutoCommit(true);
    return c;
  }

  /**
   * Waits until every change committed at or before {@code target} is applied, at most {@code
   * timeout}; 57014 when it does not happen in time.
   */
  public void awaitApplied(Lsn target, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    boolean nudged = false;
    while (applied.isBefore(target)) {
      checkRunning();
      long now = System.nanoTime();
      if (now >= deadline) {
        throw new EngineException(
            "57014",
            "mirror freshness timeout: the mirrors reached "
                + applied
                + " but this session's last commit is at "
                + target
                + " (waited "
                + timeout.toMillis()
                + " ms; see the freshness property)");
      }
      if (!nudged && now - start > 1_000_000L) {
        nudged = true;
        nudge();
        continue;
      }
      synchronized (appliedMonitor) {
        if (applied.isBefore(target)) {
          try {
            appliedMonitor.wait(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("57014", "interrupted while waiting for mirror freshness");
          }
        }
      }
    }
  }

  /**
   * Read-your-writes with the sources' columns: waits (at most {@code timeout}; not when zero)
   * until every commit up to {@code target} is applied, then brings the mirrors whose source
   * columns ({@code sourceColumns}: source OID to its signature, as {@link
   * SourceColumns#freshnessQuery} reads them) differ from theirs up to date: a schema change with
   * no row change after it never reaches the stream. Returns whether a mirror changed (plans made
   * before are stale). {@code 55000} when a change is seen but the engine has not reached it.
   */
  @Override
  public boolean awaitFresh(Lsn target, Map<Long, String> sourceColumns, Duration timeout) {
    if (!timeout.isZero()) {
      awaitApplied(target, timeout);
    }
    List<Integer> stale = new ArrayList<>();
    for (MirrorInfo m : readable.values()) {
      String now = sourceColumns.get(m.sourceOid());
      if (now != null
          && m.failure() == null
          && m.schema() != null
          && !now.equals(SourceColumns.of(m.schema()))) {
        stale.add((int) m.sourceOid());
      }
    }
    if (stale.isEmpty()) {
      return false;
    }
    if (applied.isBefore(target)) {
      throw new EngineException(
          "55000",
          "the columns of a mirror's source changed, and the engine has not reached that change"
              + " yet");
    }
    return onApplyThread(
        () -> {
          boolean changed = false;
          for (int oid : stale) {
            MirrorRuntime rt = mirrors.get(oid);
            if (rt != null && !rt.failed()) {
              changed |= followColumns(rt);
            }
          }
          return changed;
        });
  }

  /**
   * A reader in another process asked for the mirrors to be made durable now (and for the mirrors
   * of {@code sources} to follow their sources' columns first): the next turn makes them durable.
   */
  private void followRequested(java.util.Set<Long> sources) throws SQLException {
    for (long oid : sources) {
      MirrorRuntime rt = mirrors.get((int) oid);
      if (rt != null && !rt.failed()) {
        followColumns(rt);
      }
    }
    flushRequested = true;
  }

  /**
   * On the apply thread, once every commit before a change of the source's columns is applied:
   * changes the mirror as a Relation message would, when its columns differ from the source's.
   */
  private boolean followColumns(MirrorRuntime rt) throws SQLException {
    publish(loop.applyBatch());
    SourceTable now;
    synchronized (session) {
      now = SourceTable.describe(session.connection(), rt.entry.sourceOid());
    }
    if (SourceColumns.of(now).equals(SourceColumns.of(rt.state.schema()))) {
      return false;
    }
    List<WalMessage.Column> columns = new ArrayList<>();
    for (SourceTable.Column c : now.columns()) {
      columns.add(new WalMessage.Column(c.key(), c.name(), c.type().oid(), c.type().typmod()));
    }
    evolve(
        rt,
        new WalMessage.Relation(
            0,
            (int) now.oid(),
            now.name().schema(),
            now.name().name(),
            WalMessage.ReplicaIdentity.DEFAULT,
            columns));
    return true;
  }

  /**
   * Makes the stream pass {@code pg_current_wal_lsn()} even when no mirrored table changes: a
   * non-transactional logical message arrives on the stream right after every earlier commit.
   */
  private boolean nudge() {
    synchronized (session) {
      try (Statement s = session.connection().createStatement()) {
        s.execute("SELECT pg_logical_emit_message(false, 'mooncake', '')");
        return true;
      } catch (SQLException e) {
        // Not allowed for this user: the walsender's keepalives advance the position instead.
        return false;
      }
    }
  }

  /**
   * Creates mirror {@code mirrorText} of table {@code sourceText} (names as a user writes them) and
   * returns once its initial copy is done and it follows the stream.
   */
  public void createMirror(String mirrorText, String sourceText) {
    checkRunning();
    MirrorCopy.run(this, mirrorText, sourceText);
  }

  /**
   * Drops a mirror: stops following it, removes its files, its publication membership, and the slot
   * when no mirror is left.
   */
  public void dropMirror(String mirrorText) {
    checkRunning();
    MirrorName name = resolve(mirrorText);
    MirrorCatalog.Entry entry =
        onApplyThread(
            () -> {
              MirrorRuntime found = find(name);
              if (found == null) {
                MirrorRecopy r = findRecopy(name);
                if (r == null) {
                  throw new EngineException("42P01", "mirror " + name + " does not exist");
                }
                // Its copy thread sees it gone and installs nothing.
                recopies.remove((int) r.entry().sourceOid());
                copying.remove((int) r.entry().sourceOid());
                refreshReadable();
                return r.entry();
              }
              mirrors.remove((int) found.entry.sourceOid());
              refreshReadable();
              drainCommits();
              duck.setAutoCommit(true);
              found.state.drop();
              return found.entry;
            });
    removeEverywhere(entry);
  }

  /** Forces every committed change into an Iceberg snapshot now (pg_mooncake's create_snapshot). */
  public void createSnapshot(String mirrorText) {
    checkRunning();
    MirrorName name = resolve(mirrorText);
    onApplyThread(
        () -> {
          if (find(name) == null && findRecopy(name) == null) {
            throw new EngineException("42P01", "mirror " + name + " does not exist");
          }
          makeDurable(true);
          return null;
        });
  }

  MirrorName resolve(String text) {
    MirrorName parsed = MirrorName.parse(text);
    if (parsed.schema() != null) {
      return parsed;
    }
    List<MirrorName> candidates = new ArrayList<>();
    for (MirrorName m : readable.keySet()) {
      if (m.name().equals(parsed.name())) {
        candidates.add(m);
      }
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    return parsed.inSchema("public");
  }

  private MirrorRecopy findRecopy(MirrorName name) {
    for (MirrorRecopy r : recopies.values()) {
      if (r.entry().mirror().equals(name)) {
        return r;
      }
    }
    return null;
  }

  private MirrorRuntime find(MirrorName name) {
    for (MirrorRuntime rt : mirrors.values()) {
      if (rt.name().equals(name)) {
        return rt;
      }
    }
    return null;
  }

  /**
   * Removes a mirror's catalog entry, publication membership, files, and the slot and publication
   * when no mirror is left. The steps in PostgreSQL run on the apply thread, serialized with a
   * mirror's creation ({@link #follow}); a process that dies between them leaves what the next
   * start cleans up ({@link ReplicationCleanup}).
   */
  void removeEverywhere(MirrorCatalog.Entry entry) {
    onApplyThread(
        () -> {
          forget(entry);
          return null;
        });
    deleteTree(Path.of(entry.location()));
    onApplyThread(
        () -> {
          synchronized (session) {
            new MirrorCatalog(session.connection()).filesDeleted(entry.location());
          }
          return null;
        });
  }

  private void forget(MirrorCatalog.Entry entry) throws SQLException {
    synchronized (session) {
      Connection c = session.connection();
      MirrorCatalog catalog = new MirrorCatalog(c);
      catalog.delete(entry.mirror());
      List<MirrorCatalog.Entry> left = catalog.list();
      if (left.stream().noneMatch(e -> e.sourceOid() == entry.sourceOid())) {
        publication.removeTable(c, entry.sourceOid());
      }
      if (left.isEmpty()) {
        if (stream != null) {
          stream.close();
          stream = null;
        }
        slot.drop(c);
        publication.drop(c);
      }
    }
  }

  /**
   * On the apply thread: {@code source} joins the publication (created if needed) and the stream
   * runs, so that its changes arrive from now on.
   */
  void follow(SourceTable source) throws SQLException {
    ensureOwner();
    synchronized (session) {
      Connection c = session.connection();
      if (!publication.exists(c)) {
        publication.create(c);
      }
      if (!publication.contains(c, source.oid())) {
        publication.addTable(c, source.name().schema(), source.name().name());
      }
    }
    ensureStream();
  }

  /** Runs {@code task} on the apply thread and waits for it (before start, on this thread). */
  <T> T onApplyThread(Callable<T> task) {
    if (Thread.currentThread() == applyThread || !started) {
      try {
        return task.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new EngineException("XX000", e.getMessage(), e);
      }
    }
    FutureTask<T> future = new FutureTask<>(task);
    commands.add(future);
    LockSupport.unpark(applyThread);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    try {
      while (true) {
        try {
          return future.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          if (!applyThread.isAlive() && !future.isDone()) {
            // It stopped (or stepped down) before running the task: say so, do not wait.
            checkRunning();
            throw new EngineException("55000", "the mooncake engine of " + database + " stopped");
          }
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof EngineException) {
        throw (EngineException) cause;
      }
      if (cause instanceof SQLException) {
        throw new EngineException(((SQLException) cause).getSQLState(), cause.getMessage(), cause);
      }
      throw new EngineException("XX000", String.valueOf(cause.getMessage()), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("57014", "interrupted");
    } catch (TimeoutException e) {
      throw new EngineException("57014", "the engine did not answer in 10 minutes");
    }
  }

  // ---- apply thread ----

  private void run() {
    try {
      while (running) {
        boolean busy = runCommands();
        int n = poll();
        if (!running) {
          break;
        }
        watchStream(n);
        busy |= n > 0;
        if (loop.batchDue(n < 10_000)) {
          publish(loop.applyBatch());
        }
        if (!loop.inTransaction() && !loop.hasBatch() && stream != null) {
          Lsn nudge = loop.takeNudge();
          if (nudge != null) {
            publish(nudge);
          }
          java.util.Set<Long> request = loop.takeDurableRequest();
          if (request != null) {
            followRequested(request);
          }
          stream.idlePosition().ifPresent(this::publish);
        }
        if (!session.lost()) {
          try {
            commits.rethrow();
            confirmCommitted();
            installWritten();
            maybeMakeDurable();
            maybeWriteStatus();
            maybeCheckSources();
          } catch (SQLException e) {
            if (session.verify()) {
              throw e;
            }
            lostConnection(e);
          }
        }
        if (!busy) {
          LockSupport.parkNanos(500_000L);
        }
      }
      if (!crashing && !session.lost()) {
        makeDurable(true);
        writeStatus(false);
      }
    } catch (Throwable t) {
      crash = t;
      running = false;
    } finally {
      synchronized (appliedMonitor) {
        appliedMonitor.notifyAll();
      }
    }
  }

  private long reconnectAtNanos;
  private int reconnects;

  /**
   * Reads what the stream has. A lost replication or control connection (PostgreSQL restarted,
   * network cut) is reopened, with backoff: the control session takes the ownership lock again, the
   * stream restarts from the slot; what the slot sends again that is already applied is skipped,
   * and a transaction cut in the middle arrives again whole.
   */
  private int poll() {
    if (stream == null) {
      boolean needed = !mirrors.isEmpty() || !recopies.isEmpty() || session.lost();
      if (!needed || System.nanoTime() < reconnectAtNanos) {
        return 0;
      }
      try {
        ensureOwner();
        if (!mirrors.isEmpty() || !recopies.isEmpty()) {
          ensureStream();
        }
        reconnects = 0;
        outageSinceMillis = 0;
        outageProblem = null;
      } catch (SQLException | RuntimeException e) {
        if (running) {
          lostConnection(e);
        }
        return 0;
      }
    }
    try {
      return stream.poll(loop, 10_000);
    } catch (RuntimeException e) {
      lostConnection(e);
      return 0;
    }
  }

  private static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(10);
  private long heardNanos;
  private long probedNanos;

  /**
   * A stream can be cut without either end seeing it (a network path that drops everything), and an
   * idle walsender sends nothing: after 10 s of silence a probe (a logical message) goes through
   * the control connection; when it does not come back within 10 s, the stream is reopened.
   */
  private void watchStream(int received) {
    long now = System.nanoTime();
    if (stream == null || received > 0) {
      heardNanos = now;
      probedNanos = 0;
    } else if (now - heardNanos < SILENCE_NANOS) {
      return;
    } else if (probedNanos == 0) {
      if (nudge()) {
        probedNanos = now;
      } else {
        heardNanos = now;
      }
    } else if (now - probedNanos > SILENCE_NANOS) {
      lostConnection(
          new EngineException(
              "08006", "the walsender sent nothing for 20 s, not even the engine's probe"));
    }
  }

  /**
   * A connection broke: the stream is closed (what was in flight comes again), the outage shows in
   * {@link #status}, and reconnecting waits a little longer each time.
   */
  private void lostConnection(Exception cause) {
    if (outageSinceMillis == 0) {
      outageSinceMillis = System.currentTimeMillis();
    }
    outageProblem = String.valueOf(cause.getMessage());
    if (stream != null) {
      stream.abort();
      stream = null;
      loop.connectionLost(applied);
    }
    backoff();
  }

  /**
   * Makes sure this process still owns the database: the control session answers, or a new one
   * holds the lock again. When another process holds it now, this engine stops (without writing
   * anything more to Iceberg or the slot) and 55000 is thrown.
   */
  private void ensureOwner() throws SQLException {
    if (!session.lost() && session.verify()) {
      return;
    }
    if (session.renew() == ControlSession.Renewal.TAKEN) {
      EngineException stop =
          new EngineException(
              "55000",
              "another process took over the mooncake engine of "
                  + database
                  + " while this one was disconnected; this one stopped");
      crash = stop;
      crashing = true;
      running = false;
      throw stop;
    }
  }

  private void backoff() {
    reconnects++;
    long delayMs = Math.min(5_000L, 100L << Math.min(reconnects, 6));
    reconnectAtNanos = System.nanoTime() + delayMs * 1_000_000L;
  }

  private boolean runCommands() {
    boolean any = false;
    FutureTask<?> task;
    while ((task = commands.poll()) != null) {
      any = true;
      task.run();
    }
    return any;
  }

  private void publish(Lsn reached) {
    if (reached != null && reached.isAfter(applied)) {
      synchronized (appliedMonitor) {
        applied = reached;
        appliedMonitor.notifyAll();
      }
    }
  }

  /** Opens the stream from the slot (creating slot and publication first when needed). */
  void ensureStream() throws SQLException {
    if (stream != null) {
      return;
    }
    ensureOwner();
    synchronized (session) {
      Connection control = session.connection();
      if (!publication.exists(control)) {
        publication.create(control);
      }
      if (!slot.exists(control)) {
        slot.createWithExportedSnapshot(settings.pgUrl(), settings.pgProperties()).close();
      } else {
        slot.evictConsumer(control);
      }
      Lsn from = slot.confirmedFlushLsn(control);
      stream =
          ReplicationStream.open(
              settings.pgUrl(), settings.pgProperties(), slot, publication, from);
      publish(from);
    }
  }

  private void maybeMakeDurable() throws SQLException {
    boolean full =
        mirrors.values().stream()
            .anyMatch(rt -> !rt.failed() && rt.state.bufferedRows() >= settings.flushRows());
    boolean due = System.nanoTime() - lastDurableNanos >= settings.flushInterval().toNanos();
    if (full || due || flushRequested) {
      makeDurable();
    }
  }

  /**
   * Applies what waits, writes every mirror's mem slice to Parquet and hands the Iceberg commits of
   * each changed mirror's snapshot at the applied LSN to {@link IcebergCommits}; once they are
   * done, that LSN is confirmed to the slot ({@link #confirmCommitted}).
   */
  void makeDurable() throws SQLException {
    makeDurable(false);
  }

  /** As {@link #makeDurable()}; with {@code wait}, returns once committed and confirmed. */
  void makeDurable(boolean wait) throws SQLException {
    commits.rethrow();
    if (mirrors.values().stream().anyMatch(rt -> rt.state.rewriting())) {
      // Deletes of the files a compaction rewrites wait for its new file: no snapshot may cover
      // them before it is installed (nor confirm them to the slot).
      drainCommits();
    }
    publish(loop.applyBatch());
    Lsn at = applied;
    boolean dirty = mirrors.values().stream().anyMatch(rt -> !rt.failed() && rt.dirty);
    if (dirty && !session.verify()) {
      // Another process may own the database by now: its Iceberg tables are not ours to commit.
      throw new SQLException(
          "the engine's control connection to " + database + " is lost", "08006");
    }
    List<IcebergCommits.Commit> round = new ArrayList<>();
    for (MirrorRuntime rt : mirrors.values()) {
      if (rt.failed() || !rt.dirty) {
        continue;
      }
      duck.setAutoCommit(false);
      TableMirror.Frozen frozen;
      Map<String, org.roaringbitmap.longlong.Roaring64NavigableMap> deletes;
      List<String> removed;
      try {
        removed = rt.state.takeRemovedFiles();
        frozen = rt.state.freeze(rt.table);
        deletes = rt.state.takeNewDeletes();
        duck.commit();
      } catch (SQLException | RuntimeException e) {
        duck.rollback();
        duck.setAutoCommit(true);
        fail(rt, "writing Parquet failed: " + e.getMessage());
        continue;
      }
      duck.setAutoCommit(true);
      io.mooncake.engine.storage.MirrorTable table = rt.table;
      if (!removed.isEmpty()) {
        round.add(() -> table.removeFiles(at, removed));
      }
      // The Parquet write of the frozen mem slice is the commit thread's: the apply thread goes on.
      round.add(
          () ->
              table.commit(
                  at,
                  frozen == null ? List.of() : List.of(TableMirror.write(frozen, table, writer)),
                  deletes));
      rt.dirty = false;
    }
    compact(round);
    expire(round);
    recordFailures();
    // Changes held while a mirror is copied are in memory only until its next flush: no confirm
    // meanwhile. A transaction in flight commits after `at`: the slot sends it again whole.
    commits.submit(at, round, copying.isEmpty());
    if (wait) {
      commits.drain();
    }
    confirmCommitted();
    lastDurableNanos = System.nanoTime();
    flushRequested = false;
  }

  /** The last position confirmed to the slot. */
  private Lsn confirmed = Lsn.ZERO;

  /** Confirms to the slot what Iceberg holds now (on the apply thread, which owns the stream). */
  private void confirmCommitted() {
    Lsn done = commits.confirmable();
    if (stream == null || done == null || !done.isAfter(confirmed)) {
      return;
    }
    try {
      stream.confirmFlushed(done);
      confirmed = done;
    } catch (ReplicationException e) {
      // Durable all the same; the reopened stream confirms it later.
      lostConnection(e);
    }
  }

  /**
   * Waits for the Iceberg commits handed over so far, before an Iceberg operation of the apply
   * thread itself (a schema change, a table's removal).
   */
  void drainCommits() throws SQLException {
    commits.drain();
    installWritten();
  }

  /**
   * Puts the data files written off the apply thread in place of their frozen mem slices (not
   * inside a transaction of the caller's: then later).
   */
  private void installWritten() throws SQLException {
    if (!duck.getAutoCommit()) {
      return;
    }
    for (MirrorRuntime rt : mirrors.values()) {
      if (rt.failed() || !rt.state.hasWritten()) {
        continue;
      }
      duck.setAutoCommit(false);
      try {
        rt.state.installWritten();
        duck.commit();
      } catch (SQLException | RuntimeException e) {
        duck.rollback();
        fail(rt, "installing a written data file failed: " + e.getMessage());
      } finally {
        duck.setAutoCommit(true);
      }
    }
  }

  private long lastSourceCheckNanos;

  /**
   * Every two seconds: a mirror whose source was dropped is dropped too; a renamed source is
   * followed (the OID stays, so the stream never stopped).
   */
  private void maybeCheckSources() throws SQLException {
    if (mirrors.isEmpty() || System.nanoTime() - lastSourceCheckNanos < 2_000_000_000L) {
      return;
    }
    lastSourceCheckNanos = System.nanoTime();
    Map<Long, MirrorName> now;
    synchronized (session) {
      now =
          SourceTable.names(
              session.connection(),
              mirrors.values().stream()
                  .map(rt -> rt.entry.sourceOid())
                  .collect(Collectors.toList()));
    }
    boolean changed = false;
    for (MirrorRuntime rt : List.copyOf(mirrors.values())) {
      MirrorName current = now.get(rt.entry.sourceOid());
      if (current == null) {
        mirrors.remove((int) rt.entry.sourceOid());
        drainCommits();
        rt.state.drop();
        removeEverywhere(rt.entry);
        changed = true;
      } else if (!current.equals(rt.source)) {
        rt.source = current;
        synchronized (session) {
          new MirrorCatalog(session.connection()).setSource(rt.name(), current);
        }
        changed = true;
      }
    }
    if (changed) {
      refreshReadable();
    }
  }

  /**
   * Rewrites small data files (and files whose rows are mostly deleted) of each mirror into one,
   * right after a durable commit, when no delete is pending for Iceberg. Readers that started
   * before keep reading the old files (DuckDB's MVCC); Iceberg records a rewrite at the same LSN.
   */
  private void compact(List<IcebergCommits.Commit> round) throws SQLException {
    for (MirrorRuntime rt : mirrors.values()) {
      if (rt.failed() || rt.dirty) {
        continue;
      }
      List<TableMirror.DataFileRef> chosen =
          rt.state.compactionCandidates(Math.max(1, settings.flushRows() / 2), 8);
      if (chosen.isEmpty()) {
        continue;
      }
      duck.setAutoCommit(false);
      TableMirror.Rewrite rewrite;
      try {
        rewrite = rt.state.startCompaction(rt.table, chosen);
        duck.commit();
      } catch (SQLException | RuntimeException e) {
        duck.rollback();
        duck.setAutoCommit(true);
        fail(rt, "compaction failed: " + e.getMessage());
        continue;
      }
      duck.setAutoCommit(true);
      io.mooncake.engine.storage.MirrorTable table = rt.table;
      // Written off the apply thread too; the apply thread installs the new file when it is.
      round.add(() -> table.compact(rewrite.paths(), TableMirror.write(rewrite, table, writer)));
    }
  }

  private long lastExpiryNanos = System.nanoTime();

  /**
   * At most once a minute (or once per retention, when shorter), after the round's commits: each
   * mirror's snapshots older than {@code snapshotRetention} are expired (the newest is always
   * kept), and Iceberg deletes the files only they referenced: data files compacted away or
   * truncated, replaced deletion vectors, manifests. Old metadata files go as Iceberg's {@code
   * write.metadata.*} table properties say. A failure is retried at the next expiry.
   */
  private void expire(List<IcebergCommits.Commit> round) {
    long every = Math.min(60_000_000_000L, settings.snapshotRetention().toNanos());
    if (System.nanoTime() - lastExpiryNanos < every) {
      return;
    }
    lastExpiryNanos = System.nanoTime();
    long olderThan = System.currentTimeMillis() - settings.snapshotRetention().toMillis();
    for (MirrorRuntime rt : mirrors.values()) {
      if (rt.failed()) {
        continue;
      }
      io.mooncake.engine.storage.MirrorTable table = rt.table;
      round.add(
          () -> {
            try {
              table.expireSnapshots(olderThan);
            } catch (RuntimeException e) {
              // Only old files stay on disk a while longer; the mirror is intact.
            }
          });
    }
  }

  private void maybeWriteStatus() throws SQLException {
    if (System.nanoTime() - lastStatusNanos >= 1_000_000_000L) {
      writeStatus(true);
    }
  }

  private void writeStatus(boolean up) throws SQLException {
    lastStatusNanos = System.nanoTime();
    long lag =
        loop.lastCommitTime() == null
            ? 0
            : Math.max(0, System.currentTimeMillis() - loop.lastCommitTime().toEpochMilli());
    if (!loop.hasBatch()) {
      lag = 0;
    }
    lagMs = lag;
    recordFailures();
    synchronized (session) {
      MirrorCatalog catalog = new MirrorCatalog(session.connection());
      for (MirrorRuntime rt : mirrors.values()) {
        catalog.status(rt.name(), applied, lag, rt.state.rowCount(), rt.state.files().size());
      }
      catalog.engineStatus(up, slot.name(), publication.name(), applied, lag, mirrors.size());
    }
  }

  /**
   * A Relation message that differs from the mirror's columns: applies what is waiting (it was
   * committed under the old columns), then changes the mirror or fails it with the reason.
   */
  private void evolve(MirrorRuntime rt, WalMessage.Relation relation) {
    try {
      drainCommits();
      publish(loop.applyBatch());
      SourceTable now;
      synchronized (session) {
        now = SourceTable.describe(session.connection(), rt.entry.sourceOid());
      }
      String refused = SchemaEvolution.apply(rt, relation, now);
      if (refused != null) {
        recopy(rt, refused);
      }
      refreshReadable();
    } catch (SQLException | RuntimeException e) {
      fail(rt, "following a schema change failed: " + e.getMessage());
    }
  }

  /**
   * On the apply thread: the mirror of {@code rt} stops following the stream and is copied again
   * from a new snapshot of its source (see {@link MirrorRecopy}); its source's changes are held
   * meanwhile.
   */
  void recopy(MirrorRuntime rt, String why) {
    int oid = (int) rt.entry.sourceOid();
    MirrorInfo was = readable.get(rt.name());
    mirrors.remove(oid);
    copying.put(oid, new ArrayList<>());
    MirrorRecopy r =
        new MirrorRecopy(
            this,
            rt.entry,
            why,
            new MirrorInfo(
                rt.name(),
                rt.source,
                rt.entry.sourceOid(),
                was != null ? was.duckDbView() : rt.state.viewName(),
                null,
                rt.state.schema()));
    recopies.put(oid, r);
    refreshReadable();
    try {
      // The commit thread may still be writing one of its frozen mem slices.
      drainCommits();
      duck.setAutoCommit(true);
      rt.state.drop();
    } catch (SQLException | RuntimeException e) {
      // Its DuckDB tables stay unused until the engine stops; the copy gets new ones.
    }
    r.start();
  }

  /** Sets a mirror's state in the catalog, on the control connection. */
  void setCatalogState(MirrorName mirror, String state, String reason) throws SQLException {
    synchronized (session) {
      new MirrorCatalog(session.connection()).setState(mirror, state, reason);
    }
  }

  void fail(MirrorRuntime rt, String reason) {
    rt.failure = reason;
    refreshReadable();
    try {
      recordFailures();
    } catch (SQLException e) {
      // Recorded at the next status write; the slot is not confirmed until then.
    }
  }

  /**
   * Writes the failures the catalog does not show yet. A restart must not take a failed mirror for
   * a streaming one: the slot moves on without it, so its later changes would be missing.
   */
  private void recordFailures() throws SQLException {
    for (MirrorRuntime rt : mirrors.values()) {
      if (rt.failed() && !rt.failureRecorded) {
        synchronized (session) {
          new MirrorCatalog(session.connection()).setState(rt.name(), "failed", rt.failure);
        }
        rt.failureRecorded = true;
      }
    }
  }

  // ---- start-up ----

  private void recover() throws SQLException {
    Connection control = session.connection();
    MirrorCatalog catalog = new MirrorCatalog(control);
    MirrorRestore restore = new MirrorRestore(control, duck);
    for (MirrorCatalog.Entry e : catalog.list()) {
      MirrorRuntime rt = restore.restore(e, nextMirrorId);
      if (rt != null) {
        nextMirrorId++;
        mirrors.put((int) e.sourceOid(), rt);
      }
    }
    for (MirrorCatalog.Entry e : restore.gone()) {
      removeEverywhere(e);
    }
    restore
        .recopy()
        .forEach(
            (e, why) -> {
              int oid = (int) e.sourceOid();
              copying.put(oid, new ArrayList<>());
              // Started with the apply thread (start).
              recopies.put(
                  oid,
                  new MirrorRecopy(
                      this,
                      e,
                      why,
                      new MirrorInfo(e.mirror(), e.source(), e.sourceOid(), null, null, null)));
            });
    refreshReadable();
    ReplicationCleanup.sweep(control, catalog.list(), slot, publication);
    if (!mirrors.isEmpty() || !recopies.isEmpty()) {
      ensureStream();
    }
  }

  // ---- shared with MirrorCopy ----

  Settings settings() {
    return settings;
  }

  LogicalSlot slot() {
    return slot;
  }

  Publication publication() {
    return publication;
  }

  DuckDBConnection duck() {
    return duck;
  }

  Map<Integer, MirrorRuntime> runtimes() {
    return mirrors;
  }

  Map<Integer, List<ApplyLoop.Held>> copying() {
    return copying;
  }

  Map<Integer, MirrorRecopy> recopies() {
    return recopies;
  }

  ApplyLoop loop() {
    return loop;
  }

  int nextMirrorId() {
    return nextMirrorId++;
  }

  /** Sources from this size on are copied by several connections ({@link SnapshotCopy}). */
  private volatile long parallelCopyFromBytes = SnapshotCopy.PARALLEL_FROM_BYTES;

  long parallelCopyFromBytes() {
    return parallelCopyFromBytes;
  }

  /** Copies sources from {@code bytes} on by several connections (tests: small sources). */
  void parallelCopyFrom(long bytes) {
    parallelCopyFromBytes = bytes;
  }

  void published(Lsn lsn) {
    publish(lsn);
  }

  Connection connect() throws SQLException {
    return connect(settings);
  }

  private static Connection connect(Settings settings) throws SQLException {
    Connection c = new org.postgresql.Driver().connect(settings.pgUrl(), settings.pgProperties());
    if (c == null) {
      throw new SQLException("not a PostgreSQL URL: " + settings.pgUrl(), "08001");
    }
    return c;
  }

  private void checkRunning() {
    if (!running) {
      throw new EngineException(
          "55000",
          "the mooncake engine of "
              + database
              + " stopped"
              + (crash == null ? "" : ": " + crash.getMessage()),
          crash);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  private volatile boolean crashing;

  /**
   * For tests: stops as a killed process would, without making anything durable or confirming the
   * slot, and drops the connections (and so the advisory lock).
   */
  void crashForTest() {
    crashing = true;
    commits.stopNow();
    close();
  }

  /** Stops the apply thread after making every applied change durable. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(applyThread);
    try {
      applyThread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    commits.close();
    try {
      if (stream != null) {
        stream.close();
      }
      writer.close();
      duck.close();
      session.close();
    } catch (SQLException e) {
      throw new EngineException("08006", "closing the engine: " + e.getMessage(), e);
    }
  }
}
