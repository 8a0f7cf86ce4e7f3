package io.mooncake.engine;

import io.mooncake.engine.wal.TupleData;
import io.mooncake.engine.wal.WalListener;
import io.mooncake.engine.wal.WalMessage;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/**
 * The apply thread's view of the stream: collects each source transaction's changes to mirrored
 * tables, hands committed ones to their mirrors' batches in commit order, and applies a batch to
 * DuckDB in one transaction, so that readers see whole source transactions only. Large transactions
 * streamed before their commit are kept per transaction (and subtransaction) until their commit or
 * abort. Used by the apply thread only.
 */
final class ApplyLoop implements WalListener {

  /** One change: a relation, what happened, the old and new row images (PostgreSQL text). */
  record Change(int relationOid, char kind, String[] oldRow, String[] newRow, long xid) {}

  /** Changes to a table whose initial copy is running, with the LSN of their commit. */
  record Held(Lsn commitLsn, Change change) {}

  private static final int MAX_BATCH_CHANGES = 50_000;

  private final Map<Integer, MirrorRuntime> mirrors;
  private final Map<Integer, List<Held>> copying;
  private final DuckDBConnection duck;
  private final Engine.Failures failures;
  private final java.util.function.BiConsumer<MirrorRuntime, WalMessage.Relation> schemaChanges;

  private List<Change> transaction = new ArrayList<>();
  private boolean inTransaction;
  private final Map<Long, List<Change>> streamed = new HashMap<>();
  private long streamXid;

  /** After a reconnect: commits ending at or before this were applied already. */
  private Lsn replayedThrough = Lsn.ZERO;

  private int batchChanges;
  private Lsn batchEnd;
  private Instant batchCommitTime;
  private long batchStartedNanos;

  ApplyLoop(
      Map<Integer, MirrorRuntime> mirrors,
      Map<Integer, List<Held>> copying,
      DuckDBConnection duck,
      Engine.Failures failures,
      java.util.function.BiConsumer<MirrorRuntime, WalMessage.Relation> schemaChanges) {
    this.mirrors = mirrors;
    this.copying = copying;
    this.duck = duck;
    this.failures = failures;
    this.schemaChanges = schemaChanges;
  }

  /** Whether a source transaction is open on the stream (begun or streamed, not yet ended). */
  boolean inTransaction() {
    return inTransaction || !streamed.isEmpty();
  }

  /** Whether committed changes wait to be applied. */
  boolean hasBatch() {
    return batchEnd != null;
  }

  /** Whether the batch should be applied now: large, or old enough. */
  boolean batchDue(boolean caughtUp) {
    return batchEnd != null
        && (caughtUp
            || batchChanges >= MAX_BATCH_CHANGES
            || System.nanoTime() - batchStartedNanos > 20_000_000L);
  }

  @Override
  public void onBegin(WalMessage.Begin begin) {
    inTransaction = true;
    transaction = new ArrayList<>();
  }

  @Override
  public void onCommit(WalMessage.Commit commit) {
    inTransaction = false;
    commitChanges(transaction, commit.commitLsn(), commit.endLsn(), commit.commitTime());
    transaction = new ArrayList<>();
  }

  @Override
  public void onRelation(WalMessage.Relation relation) {
    MirrorRuntime rt = mirrors.get(relation.oid());
    if (rt == null || rt.failed()) {
      return;
    }
    List<MirrorColumn> columns = rt.state.schema().columns();
    List<WalMessage.Column> now = relation.columns();
    boolean same = columns.size() == now.size();
    for (int i = 0; same && i < now.size(); i++) {
      PgType was = columns.get(i).type().pgType();
      same =
          columns.get(i).name().equals(now.get(i).name())
              && was.oid() == now.get(i).typeOid()
              && was.typmod() == now.get(i).typeModifier();
    }
    if (!same) {
      schemaChanges.accept(rt, relation);
    }
  }

  @Override
  public void onInsert(WalMessage.Insert insert) {
    add(new Change(insert.relationOid(), 'I', null, row(insert.newTuple()), insert.xid()));
  }

  @Override
  public void onUpdate(WalMessage.Update update) {
    String[] newRow = row(update.newTuple());
    String[] oldRow = update.oldTuple() == null ? newRow.clone() : row(update.oldTuple());
    add(new Change(update.relationOid(), 'U', oldRow, newRow, update.xid()));
  }

  @Override
  public void onDelete(WalMessage.Delete delete) {
    add(new Change(delete.relationOid(), 'D', row(delete.oldTuple()), null, delete.xid()));
  }

  @Override
  public void onTruncate(WalMessage.Truncate truncate) {
    for (int oid : truncate.relationOids()) {
      add(new Change(oid, 'T', null, null, truncate.xid()));
    }
  }

  @Override
  public void onStreamStart(WalMessage.StreamStart start) {
    streamXid = start.xid();
    streamed.computeIfAbsent(start.xid(), x -> new ArrayList<>());
  }

  @Override
  public void onStreamStop(WalMessage.StreamStop stop) {
    streamXid = 0;
  }

  @Override
  public void onStreamCommit(WalMessage.StreamCommit commit) {
    List<Change> changes = streamed.remove(commit.xid());
    if (changes != null) {
      commitChanges(changes, commit.commitLsn(), commit.endLsn(), commit.commitTime());
    }
  }

  @Override
  public void onStreamAbort(WalMessage.StreamAbort abort) {
    if (abort.xid() == abort.subXid()) {
      streamed.remove(abort.xid());
    } else {
      List<Change> changes = streamed.get(abort.xid());
      if (changes != null) {
        changes.removeIf(c -> c.xid() == abort.subXid());
      }
    }
  }

  @Override
  public void onLogicalMessage(WalMessage.LogicalMessage message) {
    // Non-transactional "nudges" arrive in LSN order: every commit before them has arrived.
    if (!message.transactional() && "mooncake".equals(message.prefix())) {
      nudgedTo = nudgedTo == null ? message.lsn() : nudgedTo.max(message.lsn());
    }
    // A process that reads the mirrors from Iceberg asks for them to be made durable now, and
    // names the sources whose columns it saw change.
    if (!message.transactional() && IcebergReads.DURABLE_PREFIX.equals(message.prefix())) {
      nudgedTo = nudgedTo == null ? message.lsn() : nudgedTo.max(message.lsn());
      durableRequested = true;
      String oids = new String(message.content(), java.nio.charset.StandardCharsets.US_ASCII);
      for (String oid : oids.split(",")) {
        if (!oid.isBlank()) {
          try {
            columnsToCheck.add(Long.parseLong(oid.trim()));
          } catch (NumberFormatException e) {
            // Not written by mooncake: nothing to check.
          }
        }
      }
    }
  }

  private boolean durableRequested;
  private final java.util.Set<Long> columnsToCheck = new java.util.TreeSet<>();

  /**
   * Whether a reader in another process asked for a durable snapshot since the last call, and the
   * sources it asked to check (emptied).
   */
  java.util.Set<Long> takeDurableRequest() {
    if (!durableRequested) {
      return null;
    }
    durableRequested = false;
    java.util.Set<Long> out = new java.util.TreeSet<>(columnsToCheck);
    columnsToCheck.clear();
    return out;
  }

  private Lsn nudgedTo;

  /** The position of the last nudge seen, and forgets it. */
  Lsn takeNudge() {
    Lsn n = nudgedTo;
    nudgedTo = null;
    return n;
  }

  private void add(Change change) {
    if (!mirrors.containsKey(change.relationOid()) && !copying.containsKey(change.relationOid())) {
      return;
    }
    if (streamXid != 0 && !inTransaction) {
      streamed.computeIfAbsent(streamXid, x -> new ArrayList<>()).add(change);
    } else {
      transaction.add(change);
    }
  }

  /**
   * The replication connection was lost: what was in flight is dropped (the slot sends it again)
   * and commits up to what is applied or waiting will be skipped when they come again.
   */
  void connectionLost(Lsn applied) {
    transaction = new ArrayList<>();
    inTransaction = false;
    streamed.clear();
    streamXid = 0;
    replayedThrough = batchEnd != null ? batchEnd.max(applied) : applied;
  }

  private void commitChanges(List<Change> changes, Lsn commitLsn, Lsn endLsn, Instant time) {
    if (!endLsn.isAfter(replayedThrough)) {
      return;
    }
    for (Change c : changes) {
      List<Held> held = copying.get(c.relationOid());
      if (held != null) {
        held.add(new Held(commitLsn, c));
        continue;
      }
      MirrorRuntime rt = mirrors.get(c.relationOid());
      if (rt != null && !rt.failed() && !commitLsn.isBefore(rt.skipThrough)) {
        route(rt, c);
      }
    }
    if (batchEnd == null) {
      batchStartedNanos = System.nanoTime();
    }
    batchEnd = endLsn;
    batchCommitTime = time;
  }

  /** Adds {@code c} to the batch of {@code rt}. */
  void route(MirrorRuntime rt, Change c) {
    int width = rt.state.schema().columns().size();
    if ((c.newRow() != null && c.newRow().length != width)
        || (c.oldRow() != null && c.oldRow().length != width)) {
      failures.recopy(
          rt,
          "a change of "
              + rt.source
              + " does not have the mirror's "
              + width
              + " columns (a schema change inside the transaction that wrote it)");
      return;
    }
    batchChanges++;
    switch (c.kind()) {
      case 'I':
        rt.batch.insert(c.newRow());
        break;
      case 'U':
        rt.batch.update(c.oldRow(), c.newRow());
        break;
      case 'D':
        rt.batch.delete(c.oldRow());
        break;
      default:
        rt.batch.truncate();
    }
  }

  /**
   * Applies the batch to DuckDB in one transaction and returns the LSN it reaches, or null when
   * there was none. A mirror whose changes fail is marked failed and the others are applied.
   */
  Lsn applyBatch() {
    // Changes routed outside a commit (held during an initial copy) are applied too.
    if (batchEnd == null
        && mirrors.values().stream().allMatch(rt -> rt.failed() || rt.batch.isEmpty())) {
      return null;
    }
    while (true) {
      MirrorRuntime current = null;
      List<MirrorRuntime> applied = new ArrayList<>();
      try {
        duck.setAutoCommit(false);
        for (MirrorRuntime rt : mirrors.values()) {
          if (!rt.failed() && !rt.batch.isEmpty()) {
            current = rt;
            applied.add(rt);
            rt.state.apply(rt.batch);
            rt.dirty = true;
          }
        }
        duck.commit();
        duck.setAutoCommit(true);
        applied.forEach(rt -> rt.state.keep());
        break;
      } catch (SQLException | RuntimeException e) {
        rollback();
        // What the mirrors keep outside DuckDB goes back with it; the others apply again.
        applied.forEach(rt -> rt.state.undo());
        if (current == null) {
          throw new EngineException("XX000", "cannot apply changes: " + e.getMessage(), e);
        }
        failures.fail(current, "applying changes failed: " + e.getMessage());
      }
    }
    for (MirrorRuntime rt : mirrors.values()) {
      rt.batch = new ChangeBatch(rt.state.schema().keyColumns());
    }
    Lsn reached = batchEnd;
    lastCommitTime = batchCommitTime;
    batchEnd = null;
    batchChanges = 0;
    return reached;
  }

  private Instant lastCommitTime;

  /** The source commit time of the last applied transaction, or null. */
  Instant lastCommitTime() {
    return lastCommitTime;
  }

  private void rollback() {
    try {
      duck.rollback();
      duck.setAutoCommit(true);
    } catch (SQLException e) {
      throw new EngineException("XX000", "cannot roll back DuckDB: " + e.getMessage(), e);
    }
  }

  private static String[] row(TupleData tuple) {
    String[] out = new String[tuple.size()];
    for (int i = 0; i < out.length; i++) {
      if (tuple.isUnchangedToast(i)) {
        out[i] = ChangeBatch.UNCHANGED;
      } else if (!tuple.isNull(i)) {
        out[i] = tuple.text(i);
      }
    }
    return out;
  }
}
