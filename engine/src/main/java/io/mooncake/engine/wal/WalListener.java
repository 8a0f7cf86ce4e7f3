package io.mooncake.engine.wal;

/**
 * Receives decoded pgoutput messages in the order the walsender sent them, on the thread that reads
 * the stream. Transactions arrive whole, in commit order, between {@code onBegin} and {@code
 * onCommit}; a large one may instead arrive earlier in segments ({@code onStreamStart} .. {@code
 * onStreamStop}, possibly interleaved with others) closed by {@code onStreamCommit} or {@code
 * onStreamAbort}.
 *
 * <p>Origins, types and logical messages are ignored unless overridden; two-phase messages are
 * refused, since mooncake never asks for {@code two_phase}.
 */
public interface WalListener {

  void onBegin(WalMessage.Begin begin);

  void onCommit(WalMessage.Commit commit);

  void onRelation(WalMessage.Relation relation);

  void onInsert(WalMessage.Insert insert);

  void onUpdate(WalMessage.Update update);

  void onDelete(WalMessage.Delete delete);

  void onTruncate(WalMessage.Truncate truncate);

  void onStreamStart(WalMessage.StreamStart start);

  void onStreamStop(WalMessage.StreamStop stop);

  void onStreamCommit(WalMessage.StreamCommit commit);

  void onStreamAbort(WalMessage.StreamAbort abort);

  default void onOrigin(WalMessage.Origin origin) {}

  default void onType(WalMessage.Type type) {}

  default void onLogicalMessage(WalMessage.LogicalMessage message) {}

  default void onBeginPrepare(WalMessage.BeginPrepare begin) {
    throw twoPhaseRefused(begin);
  }

  default void onPrepare(WalMessage.Prepare prepare) {
    throw twoPhaseRefused(prepare);
  }

  default void onCommitPrepared(WalMessage.CommitPrepared commit) {
    throw twoPhaseRefused(commit);
  }

  default void onRollbackPrepared(WalMessage.RollbackPrepared rollback) {
    throw twoPhaseRefused(rollback);
  }

  default void onStreamPrepare(WalMessage.StreamPrepare prepare) {
    throw twoPhaseRefused(prepare);
  }

  private static UnsupportedOperationException twoPhaseRefused(WalMessage message) {
    return new UnsupportedOperationException(
        "two-phase commit decoding is not supported (slot or stream has two_phase enabled?): "
            + message);
  }
}
