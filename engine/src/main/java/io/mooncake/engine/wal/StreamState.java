package io.mooncake.engine.wal;

import java.util.HashMap;
import java.util.Map;

/**
 * What a replication stream must remember between messages: the latest Relation per OID and whether
 * a transaction is open. Sees every message before passing it on to the caller's listener.
 */
final class StreamState implements WalListener {

  private final Map<Integer, WalMessage.Relation> relations = new HashMap<>();
  private boolean transactionOpen;
  private boolean inStreamSegment;
  private WalListener next;

  /** Passes the following messages on to {@code listener}. */
  StreamState forwardingTo(WalListener listener) {
    next = listener;
    return this;
  }

  WalMessage.Relation relation(int oid) {
    return relations.get(oid);
  }

  boolean transactionOpen() {
    return transactionOpen;
  }

  /** Whether a segment of a streamed transaction is open (between stream start and stop). */
  boolean inStreamSegment() {
    return inStreamSegment;
  }

  @Override
  public void onBegin(WalMessage.Begin begin) {
    transactionOpen = true;
    next.onBegin(begin);
  }

  @Override
  public void onCommit(WalMessage.Commit commit) {
    transactionOpen = false;
    next.onCommit(commit);
  }

  @Override
  public void onRelation(WalMessage.Relation relation) {
    relations.put(relation.oid(), relation);
    next.onRelation(relation);
  }

  @Override
  public void onInsert(WalMessage.Insert insert) {
    next.onInsert(insert);
  }

  @Override
  public void onUpdate(WalMessage.Update update) {
    next.onUpdate(update);
  }

  @Override
  public void onDelete(WalMessage.Delete delete) {
    next.onDelete(delete);
  }

  @Override
  public void onTruncate(WalMessage.Truncate truncate) {
    next.onTruncate(truncate);
  }

  @Override
  public void onStreamStart(WalMessage.StreamStart start) {
    inStreamSegment = true;
    next.onStreamStart(start);
  }

  @Override
  public void onStreamStop(WalMessage.StreamStop stop) {
    inStreamSegment = false;
    next.onStreamStop(stop);
  }

  @Override
  public void onStreamCommit(WalMessage.StreamCommit commit) {
    next.onStreamCommit(commit);
  }

  @Override
  public void onStreamAbort(WalMessage.StreamAbort abort) {
    next.onStreamAbort(abort);
  }

  @Override
  public void onOrigin(WalMessage.Origin origin) {
    next.onOrigin(origin);
  }

  @Override
  public void onType(WalMessage.Type type) {
    next.onType(type);
  }

  @Override
  public void onLogicalMessage(WalMessage.LogicalMessage message) {
    next.onLogicalMessage(message);
  }

  @Override
  public void onBeginPrepare(WalMessage.BeginPrepare begin) {
    next.onBeginPrepare(begin);
  }

  @Override
  public void onPrepare(WalMessage.Prepare prepare) {
    next.onPrepare(prepare);
  }

  @Override
  public void onCommitPrepared(WalMessage.CommitPrepared commit) {
    next.onCommitPrepared(commit);
  }

  @Override
  public void onRollbackPrepared(WalMessage.RollbackPrepared rollback) {
    next.onRollbackPrepared(rollback);
  }

  @Override
  public void onStreamPrepare(WalMessage.StreamPrepare prepare) {
    next.onStreamPrepare(prepare);
  }
}
