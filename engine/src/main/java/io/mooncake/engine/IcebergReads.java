package io.mooncake.engine;

import io.mooncake.engine.storage.MirrorTable;
import io.mooncake.engine.storage.SnapshotFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * The mirrors of a database read from the Iceberg tables that another process's engine keeps: for a
 * process that runs no engine for the database ({@code engine=off}, or another process owns it).
 *
 * <p>What the Iceberg tables hold up to a position is known from the replication slot: the engine
 * confirms a position to it only once every mirror's changes up to there are committed, each
 * mirror's snapshot carrying the position it covers. So the state of every mirror at the slot's
 * confirmed position {@code D} is, for each, its newest snapshot at or before {@code D}: all
 * mirrors of one query are read at the same position. For read-your-writes a reader needs {@code D}
 * at or after the session's position; when it is not, it asks the engine with a logical message
 * ({@link #DURABLE_PREFIX}), which the engine's stream receives in order, to make its changes
 * durable now, and waits for the slot to pass it.
 *
 * <p>The views live in a DuckDB database of this process: per mirror, the snapshot's Parquet files
 * with its deletion vectors' positions anti-joined, rebuilt (in one DuckDB transaction for all
 * mirrors) when the position moves to a newer snapshot. Thread-safe.
 */
public final class IcebergReads implements MirrorReads, AutoCloseable {

  /** The prefix of the logical message that asks the engine to make its changes durable now. */
  public static final String DURABLE_PREFIX = "mooncake.durable";

  private static final long CATALOG_REFRESH_NANOS = 1_000_000_000L;
  private static final long POLL_MILLIS = 2;

  private final String pgUrl;
  private final Properties pgProperties;
  private final String slot;
  private final DuckDBConnection duck;
  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by {@link #lock}: the connection to the source database (autocommit), or null. */
  private Connection control;

  /** Guarded by {@link #lock}: the mirrors by source OID. */
  private final Map<Long, Held> held = new LinkedHashMap<>();

  private int nextId;
  private volatile Map<MirrorName, Engine.MirrorInfo> readable = Map.of();
  private volatile long catalogReadAt = System.nanoTime() - CATALOG_REFRESH_NANOS;

  /** The slot's confirmed position as last read, and whether a process streams from the slot. */
  private volatile Lsn durable = Lsn.ZERO;

  private volatile boolean streamed;

  /** The position the views hold (every mirror at its newest snapshot at or before it). */
  private Lsn viewsAt = Lsn.ZERO;

  private volatile boolean closed;

  /** One mirror as this process reads it. Guarded by {@link #lock}. */
  private static final class Held {
    final int id;
    int nextFileId;
    Engine.MirrorInfo catalog;
    String location;
    String created;
    String state;
    Table table;
    long snapshotId = -1;
    String signature;
    MirrorSchema schema;
    String failure;
    final Map<String, TableMirror.DataFileRef> files = new HashMap<>();
    final Map<String, String> deletionVectors = new HashMap<>();
    final SnapshotFiles manifests = new SnapshotFiles();

    Held(int id) {
      this.id = id;
    }

    String view() {
      return "mcr" + id;
    }

    String dvTable() {
      return "mcr" + id + "_dv";
    }
  }

  private IcebergReads(String pgUrl, Properties pgProperties, String database) throws SQLException {
    this.pgUrl = pgUrl;
    this.pgProperties = pgProperties;
    this.slot = Engine.slotName(database);
    this.duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
    }
  }

  /**
   * Reads the mirrors of the database {@code pgUrl} names (database {@code database}) from their
   * Iceberg tables.
   */
  public static IcebergReads open(String pgUrl, Properties pgProperties, String database)
      throws SQLException {
    return new IcebergReads(pgUrl, pgProperties, database);
  }

  @Override
  public Map<MirrorName, Engine.MirrorInfo> mirrors() {
    if (System.nanoTime() - catalogReadAt >= CATALOG_REFRESH_NANOS && lock.tryLock()) {
      try {
        readCatalog();
      } catch (SQLException e) {
        // The mirrors known so far stay; the next read tries again.
      } finally {
        lock.unlock();
      }
    }
    return readable;
  }

  /** Reads the catalog again now, not at most once a second. */
  public void reread() throws SQLException {
    lock.lock();
    try {
      readCatalog();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Connection reader() throws SQLException {
    Connection c = duck.duplicate();
    c.setAutoCommit(true);
    return c;
  }

  /**
   * Whether a process streamed the database's changes when the slot was last read (once a second at
   * least while queries run); true until it was read once.
   */
  public boolean streamed() {
    return streamed || !slotRead;
  }

  private volatile boolean slotRead;

  @Override
  public boolean usable() {
    return !closed;
  }

  @Override
  public boolean awaitFresh(Lsn target, Map<Long, String> sourceColumns, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<MirrorName, Engine.MirrorInfo> before = readable;
    try {
      lock.lock();
      Set<Long> changedColumns;
      try {
        readCatalog();
        changedColumns = columnsToFollow(sourceColumns);
      } finally {
        lock.unlock();
      }
      if (!timeout.isZero()
          && (durable.isBefore(target) || !changedColumns.isEmpty())
          && !readable.isEmpty()) {
        Lsn asked = ask(changedColumns);
        // The message starts after the target (any record written since does). Past its end the
        // engine has followed the columns it names (the walsender's positions pass the end).
        Lsn wanted = changedColumns.isEmpty() || asked == null ? target : asked.max(target);
        awaitDurable(
            wanted,
            deadline,
            () ->
                "mirror freshness timeout: the mirrors' Iceberg tables hold the changes up to "
                    + durable
                    + " but this session's last commit is at "
                    + target
                    + " (waited "
                    + timeout.toMillis()
                    + " ms; see the freshness property)");
      }
      lock.lock();
      try {
        syncViews(sourceColumns);
      } finally {
        lock.unlock();
      }
    } catch (SQLException e) {
      lock.lock();
      try {
        dropControl(e);
      } finally {
        lock.unlock();
      }
      throw new EngineException(
          e.getSQLState() == null ? "58030" : e.getSQLState(),
          "cannot read the mirrors' Iceberg tables: " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("57014", "interrupted while waiting for mirror freshness");
    } catch (RuntimeException e) {
      if (e instanceof EngineException) {
        throw e;
      }
      throw new EngineException(
          "58030", "cannot read the mirrors' Iceberg tables: " + e.getMessage(), e);
    }
    return !before.equals(readable);
  }

  /** Waits until the slot's confirmed position reaches {@code wanted}; 57014 after the deadline. */
  private void awaitDurable(Lsn wanted, long deadline, java.util.function.Supplier<String> late)
      throws SQLException, InterruptedException {
    while (durable.isBefore(wanted)) {
      if (!streamed) {
        throw new EngineException(
            "55000",
            "no mooncake engine streams this database's changes now, so its mirrors' Iceberg"
                + " tables are not kept current");
      }
      if (System.nanoTime() >= deadline) {
        throw new EngineException("57014", late.get());
      }
      Thread.sleep(POLL_MILLIS);
      lock.lock();
      try {
        readSlot();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * pg_mooncake's {@code create_snapshot} from a process that does not run the database's engine:
   * asks the owner's engine to commit every mirror's changes to Iceberg now, and returns once it
   * has (at most {@code timeout}: then 57014). 42P01 when mirror {@code mirrorText} does not exist.
   */
  public void createSnapshot(String mirrorText, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      reread();
      MirrorName parsed = MirrorName.parse(mirrorText);
      boolean found =
          readable.keySet().stream()
              .anyMatch(
                  m ->
                      m.name().equals(parsed.name())
                          && (parsed.schema() == null || parsed.schema().equals(m.schema())));
      if (!found) {
        throw new EngineException("42P01", "mirror " + mirrorText + " does not exist");
      }
      Lsn asked = ask(Set.of());
      if (asked == null) {
        throw new EngineException(
            "42501",
            "create_snapshot from a process that does not run the engine needs the right to call"
                + " pg_logical_emit_message");
      }
      awaitDurable(
          asked,
          deadline,
          () ->
              "the engine did not commit the mirrors within "
                  + timeout.toMillis()
                  + " ms (it holds the changes up to "
                  + durable
                  + ")");
    } catch (SQLException e) {
      throw new EngineException(
          e.getSQLState() == null ? "58030" : e.getSQLState(), e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("57014", "interrupted while waiting for the snapshot");
    }
  }

  /**
   * Asks the engine to make every change durable now, and the mirrors of {@code sources} to follow
   * their sources' columns first; returns the position of the request (the engine's confirmed
   * position passes it once done), or null when this user may not ask.
   */
  private Lsn ask(Set<Long> sources) throws SQLException {
    lock.lock();
    // A transaction id makes the statement's commit flush the WAL, the message with it: the
    // walsender sends only flushed WAL, which otherwise waits for the WAL writer (up to 200 ms).
    try (PreparedStatement ps =
        control()
            .prepareStatement(
                "SELECT pg_catalog.pg_logical_emit_message(false, ?, ?)::text,"
                    + " pg_catalog.txid_current()")) {
      ps.setString(1, DURABLE_PREFIX);
      ps.setString(2, String.join(",", sources.stream().map(String::valueOf).toList()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Lsn.parse(rs.getString(1));
      }
    } catch (SQLException e) {
      if ("42501".equals(e.getSQLState()) || "25006".equals(e.getSQLState())) {
        // Not allowed (no privilege, or a read-only session): the engine makes its changes
        // durable on its own schedule.
        return null;
      }
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /** The sources among {@code sourceColumns} whose mirror's table holds other columns. */
  private Set<Long> columnsToFollow(Map<Long, String> sourceColumns) {
    Set<Long> out = new TreeSet<>();
    for (Held h : held.values()) {
      String now = sourceColumns.get(h.catalog.sourceOid());
      if (now != null && h.table != null && "streaming".equals(h.state)) {
        h.table.refresh();
        if (!now.equals(h.table.properties().get(MirrorTable.COLUMNS_PROPERTY))) {
          out.add(h.catalog.sourceOid());
        }
      }
    }
    return out;
  }

  private Connection control() throws SQLException {
    if (control == null || control.isClosed()) {
      control = new org.postgresql.Driver().connect(pgUrl, pgProperties);
      if (control == null) {
        throw new SQLException("not a PostgreSQL URL: " + pgUrl, "08001");
      }
      control.setAutoCommit(true);
    }
    return control;
  }

  /** Forgets the control connection after a failure that may have broken it. */
  private void dropControl(SQLException e) {
    if (control != null && (e.getSQLState() == null || e.getSQLState().startsWith("08"))) {
      try {
        control.close();
      } catch (SQLException ignored) {
        // Closed already.
      }
      control = null;
    }
  }

  private void readSlot() throws SQLException {
    try (PreparedStatement ps =
        control()
            .prepareStatement(
                "SELECT confirmed_flush_lsn::text, active FROM pg_catalog.pg_replication_slots"
                    + " WHERE slot_name = ?")) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getString(1) != null) {
          durable = Lsn.parse(rs.getString(1));
          streamed = rs.getBoolean(2);
        } else {
          streamed = false;
        }
      }
    }
  }

  /** Reads the catalog's mirrors and the slot's position (one round trip). */
  private void readCatalog() throws SQLException {
    Map<Long, String[]> rows = new LinkedHashMap<>();
    try (PreparedStatement ps =
        control()
            .prepareStatement(
                "SELECT s.confirmed_flush_lsn::text, s.active, m.mirror_schema, m.mirror_name,"
                    + " m.source_schema, m.source_table, m.source_oid, m.location, m.state,"
                    + " m.reason, m.created_at::text FROM (SELECT 1) one"
                    + " LEFT JOIN pg_catalog.pg_replication_slots s"
                    + " ON s.slot_name = ? LEFT JOIN mooncake.mirrors m ON true ORDER BY 3, 4")) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1) != null) {
            durable = Lsn.parse(rs.getString(1));
          }
          streamed = rs.getBoolean(2);
          if (rs.getString(3) != null) {
            String[] row = new String[9];
            for (int i = 0; i < row.length; i++) {
              row[i] = rs.getString(i + 3);
            }
            rows.put(Long.parseLong(row[4]), row);
          }
        }
      }
    } catch (SQLException e) {
      if (!"42P01".equals(e.getSQLState())) {
        throw e;
      }
      // No catalog: no mirror.
    }
    catalogReadAt = System.nanoTime();
    slotRead = true;
    for (Long gone : new ArrayList<>(held.keySet())) {
      if (!rows.containsKey(gone)) {
        drop(held.remove(gone));
      }
    }
    for (Map.Entry<Long, String[]> e : rows.entrySet()) {
      String[] r = e.getValue();
      Held h = held.get(e.getKey());
      // A mirror dropped and created again (the same source and location) is another table.
      if (h == null || !h.location.equals(r[5]) || !h.created.equals(r[8])) {
        if (h != null) {
          drop(h);
        }
        h = new Held(nextId++);
        h.location = r[5];
        h.created = r[8];
        held.put(e.getKey(), h);
      }
      h.state = r[6];
      h.catalog =
          new Engine.MirrorInfo(
              new MirrorName(r[0], r[1]),
              new MirrorName(r[2], r[3]),
              e.getKey(),
              h.view(),
              null,
              null);
      if (h.table == null && "streaming".equals(h.state)) {
        Path root = Path.of(h.location);
        h.table = Files.isDirectory(root) ? MirrorTable.readOnly(root) : null;
      }
      h.failure =
          switch (h.state) {
            case "streaming" ->
                h.table == null
                    ? "its Iceberg table at " + h.location + " cannot be read from this process"
                    : h.failure;
            case "copying" -> "it is being copied from its source";
            default -> "it failed: " + (r[7] == null ? "no reason given" : r[7]);
          };
    }
    publishReadable();
  }

  private void publishReadable() {
    Map<MirrorName, Engine.MirrorInfo> out = new HashMap<>();
    for (Held h : held.values()) {
      Engine.MirrorInfo c = h.catalog;
      out.put(
          c.name(),
          new Engine.MirrorInfo(
              c.name(), c.source(), c.sourceOid(), c.duckDbView(), h.failure, h.schema));
    }
    readable = Map.copyOf(out);
  }

  /**
   * Moves every mirror's view to its newest snapshot at or before the slot's confirmed position, in
   * one DuckDB transaction.
   */
  private void syncViews(Map<Long, String> sourceColumns) throws SQLException {
    Lsn at = durable;
    duck.setAutoCommit(false);
    try {
      for (Held h : held.values()) {
        if ("streaming".equals(h.state) && h.table != null) {
          sync(h, at, sourceColumns.get(h.catalog.sourceOid()));
        }
      }
      duck.commit();
      viewsAt = at;
    } catch (SQLException | RuntimeException e) {
      duck.rollback();
      // A view may be half-built: read its files again next time.
      for (Held h : held.values()) {
        h.snapshotId = -1;
        h.files.clear();
        h.deletionVectors.clear();
      }
      throw e;
    } finally {
      duck.setAutoCommit(true);
      publishReadable();
    }
  }

  private void sync(Held h, Lsn at, String sourceColumns) throws SQLException {
    h.table.refresh();
    String signature = h.table.properties().get(MirrorTable.COLUMNS_PROPERTY);
    if (sourceColumns != null && !sourceColumns.equals(signature)) {
      h.failure =
          "the columns of its source changed, and the engine that maintains it has not"
              + " followed yet";
      return;
    }
    Snapshot chosen = null;
    for (Snapshot s : h.table.snapshots()) {
      if (!MirrorTable.lsnOf(s).isAfter(at)
          && (chosen == null || s.sequenceNumber() > chosen.sequenceNumber())) {
        chosen = s;
      }
    }
    if (chosen == null) {
      h.failure = "its Iceberg table holds no snapshot up to " + at + " yet";
      return;
    }
    if (chosen.snapshotId() == h.snapshotId && signature != null && signature.equals(h.signature)) {
      h.failure = null;
      return;
    }
    if (signature == null || !signature.equals(h.signature)) {
      SourceTable source = SourceTable.describe(control(), h.catalog.sourceOid());
      if (!SourceColumns.of(source).equals(signature)) {
        h.failure =
            "the columns of its source changed, and the engine that maintains it has not"
                + " followed yet";
        return;
      }
      for (SourceTable.Column c : source.columns()) {
        if (h.table.schema().findField(c.name()) == null) {
          h.failure = "its Iceberg table lacks column " + c.name() + " of its source";
          return;
        }
      }
      h.schema = MirrorCopy.schemaOf(h.table.schema(), source);
      h.signature = signature;
    }
    List<SnapshotFiles.SnapshotFile> files = h.manifests.files(h.table, chosen);
    Set<String> live = new HashSet<>();
    List<TableMirror.DataFileRef> refs = new ArrayList<>();
    Set<Integer> withDeletes = new HashSet<>();
    exec("CREATE TABLE IF NOT EXISTS " + h.dvTable() + " (file_id INTEGER, pos BIGINT)");
    for (SnapshotFiles.SnapshotFile f : files) {
      live.add(f.path());
      TableMirror.DataFileRef ref = h.files.get(f.path());
      if (ref == null) {
        ref =
            new TableMirror.DataFileRef(
                h.nextFileId++,
                f.path(),
                f.recordCount(),
                FileViews.parquetColumns(duck, f.path()));
        h.files.put(f.path(), ref);
      }
      refs.add(ref);
      String dv =
          f.deletionVector() == null
              ? null
              : f.deletionVector().location() + "#" + f.deletionVector().contentOffset();
      String had = h.deletionVectors.get(f.path());
      if (!java.util.Objects.equals(dv, had)) {
        exec("DELETE FROM " + h.dvTable() + " WHERE file_id = " + ref.fileId());
        if (dv != null) {
          Roaring64NavigableMap positions =
              MirrorTable.deletedPositions(h.table, f.deletionVector());
          try (DuckDBAppender a = duck.createAppender(h.dvTable())) {
            var it = positions.getLongIterator();
            while (it.hasNext()) {
              a.beginRow().append(ref.fileId()).append(it.next()).endRow();
            }
          }
          h.deletionVectors.put(f.path(), dv);
        } else {
          h.deletionVectors.remove(f.path());
        }
      }
      if (dv != null) {
        withDeletes.add(ref.fileId());
      }
    }
    for (String path : new ArrayList<>(h.files.keySet())) {
      if (!live.contains(path)) {
        TableMirror.DataFileRef gone = h.files.remove(path);
        if (h.deletionVectors.remove(path) != null) {
          exec("DELETE FROM " + h.dvTable() + " WHERE file_id = " + gone.fileId());
        }
      }
    }
    List<String> parts = FileViews.parts(h.schema, refs, withDeletes, h.dvTable());
    if (parts.isEmpty()) {
      List<String> nulls = new ArrayList<>();
      for (MirrorColumn c : h.schema.columns()) {
        nulls.add("CAST(NULL AS " + c.type().duckType() + ") AS " + Sql.identifier(c.name()));
      }
      parts.add("SELECT " + String.join(", ", nulls) + " WHERE false");
    }
    exec("CREATE OR REPLACE VIEW " + h.view() + " AS " + String.join(" UNION ALL ", parts));
    h.snapshotId = chosen.snapshotId();
    h.failure = null;
  }

  /** Removes a mirror that is gone from the catalog (or moved) from DuckDB. */
  private void drop(Held h) {
    try {
      exec("DROP VIEW IF EXISTS " + h.view());
      exec("DROP TABLE IF EXISTS " + h.dvTable());
    } catch (SQLException e) {
      // Nothing reads it any more; it goes with the DuckDB database.
    }
  }

  private void exec(String sql) throws SQLException {
    try (Statement s = duck.createStatement()) {
      s.execute(sql);
    }
  }

  /** The position the views were last moved to. */
  public Lsn viewsAt() {
    lock.lock();
    try {
      return viewsAt;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      if (control != null) {
        control.close();
      }
      duck.close();
    } catch (SQLException e) {
      // Closing anyway.
    } finally {
      lock.unlock();
    }
  }
}
