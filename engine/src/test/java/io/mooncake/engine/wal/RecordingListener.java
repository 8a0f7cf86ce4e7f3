package io.mooncake.engine.wal;

import java.util.ArrayList;
import java.util.List;

/** A listener that keeps every message it receives, in order. */
class RecordingListener implements WalListener {

  final List<WalMessage> messages = new ArrayList<>();

  @Override
  public void onBegin(WalMessage.Begin begin) {
    messages.add(begin);
  }

  @Override
  public void onCommit(WalMessage.Commit commit) {
    messages.add(commit);
  }

  @Override
  public void onRelation(WalMessage.Relation relation) {
    messages.add(relation);
  }

  @Override
  public void onInsert(WalMessage.Insert insert) {
    messages.add(insert);
  }

  @Override
  public void onUpdate(WalMessage.Update update) {
    messages.add(update);
  }

  @Override
  public void onDelete(WalMessage.Delete delete) {
    messages.add(delete);
  }

  @Override
  public void onTruncate(WalMessage.Truncate truncate) {
    messages.add(truncate);
  }

  @Override
  public void onStreamStart(WalMessage.StreamStart start) {
    messages.add(start);
  }

  @Override
  public void onStreamStop(WalMessage.StreamStop stop) {
    messages.add(stop);
  }

  @Override
  public void onStreamCommit(WalMessage.StreamCommit commit) {
    messages.add(commit);
  }

  @Override
  public void onStreamAbort(WalMessage.StreamAbort abort) {
    messages.add(abort);
  }

  @Override
  public void onOrigin(WalMessage.Origin origin) {
    messages.add(origin);
  }

  @Override
  public void onType(WalMessage.Type type) {
    messages.add(type);
  }

  @Override
  public void onLogicalMessage(WalMessage.LogicalMessage message) {
    messages.add(message);
  }
}
