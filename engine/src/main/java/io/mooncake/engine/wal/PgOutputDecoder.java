package io.mooncake.engine.wal;

import io.mooncake.engine.Lsn;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes pgoutput messages (protocol versions 1 to 4, PostgreSQL 14 to 18) and hands each to a
 * {@link WalListener}. It remembers only whether a streamed-transaction segment is open, since that
 * decides whether change messages carry an xid; the relation cache belongs to the caller. One
 * decoder per replication stream; not thread-safe.
 */
public final class PgOutputDecoder {

  private final PgOutputReader in = new PgOutputReader();
  private boolean inStreamSegment;

  /** Whether a streamed-transaction segment is open (between Stream Start and Stream Stop). */
  public boolean inStreamSegment() {
    return inStreamSegment;
  }

  /**
   * Decodes the message between {@code message}'s position and limit (leaving both unchanged) and
   * passes it to {@code listener}.
   *
   * @throws WalDecodingException if the bytes are not a well-formed pgoutput message
   */
  public void decode(ByteBuffer message, WalListener listener) {
    if (message.hasArray()) {
      decode(
          message.array(),
          message.arrayOffset() + message.position(),
          message.remaining(),
          listener);
    } else {
      byte[] copy = new byte[message.remaining()];
      message.duplicate().get(copy);
      decode(copy, 0, copy.length, listener);
    }
  }

  /**
   * Decodes the message in {@code bytes[offset, offset + length)}, as {@link #decode(ByteBuffer,
   * WalListener)}.
   */
  public void decode(byte[] bytes, int offset, int length, WalListener listener) {
    byte type = in.reset(bytes, offset, length);
    try {
      dispatch(type, listener);
      if (!in.atEnd()) {
        throw in.malformed(in.remaining() + " unexpected trailing bytes");
      }
    } finally {
      in.release();
    }
  }

  private void dispatch(byte type, WalListener listener) {
    switch (type) {
      case 'B':
        handleBegin(listener);
        break;
      case 'C':
        handleCommit(listener);
        break;
      case 'O':
        handleOrigin(listener);
        break;
      case 'R':
        handleRelation(listener);
        break;
      case 'Y':
        handleType(listener);
        break;
      case 'I':
        handleInsert(listener);
        break;
      case 'U':
        handleUpdate(listener);
        break;
      case 'D':
        handleDelete(listener);
        break;
      case 'T':
        handleTruncate(listener);
        break;
      case 'M':
        handleLogicalMessage(listener);
        break;
      case 'S':
        handleStreamStart(listener);
        break;
      case 'E':
        handleStreamStop(listener);
        break;
      case 'c':
        handleStreamCommit(listener);
        break;
      case 'A':
        handleStreamAbort(listener);
        break;
      case 'b':
        handleBeginPrepare(listener);
        break;
      case 'P':
        handlePrepare(listener);
        break;
      case 'K':
        handleCommitPrepared(listener);
        break;
      case 'r':
        handleRollbackPrepared(listener);
        break;
      case 'p':
        handleStreamPrepare(listener);
        break;
      default:
        throw new WalDecodingException(
            "unknown pgoutput message type "
                + PgOutputReader.describe(type & 0xFF)
                + " at offset 0");
    }
  }

  private void handleBegin(WalListener listener) {
    Lsn finalLsn = in.readLsn();
    Instant commitTime = in.readTimestamp();
    listener.onBegin(new WalMessage.Begin(finalLsn, commitTime, in.readXid()));
  }

  private void handleCommit(WalListener listener) {
    int flags = in.readUInt8();
    Lsn commitLsn = in.readLsn();
    Lsn endLsn = in.readLsn();
    listener.onCommit(new WalMessage.Commit(flags, commitLsn, endLsn, in.readTimestamp()));
  }

  private void handleOrigin(WalListener listener) {
    Lsn originLsn = in.readLsn();
    listener.onOrigin(new WalMessage.Origin(originLsn, in.readString()));
  }

  private void handleRelation(WalListener listener) {
    long xid = readStreamXid();
    int oid = in.readInt32();
    String namespace = in.readString();
    String name = in.readString();
    int identityAt = in.offset();
    int identityCode = in.readUInt8();
    WalMessage.ReplicaIdentity identity = WalMessage.ReplicaIdentity.ofCode(identityCode);
    if (identity == null) {
      throw in.malformedAt(
          identityAt, "unknown replica identity " + PgOutputReader.describe(identityCode));
    }
    int count = in.readUInt16();
    WalMessage.Column[] columns = new WalMessage.Column[count];
    for (int i = 0; i < count; i++) {
      boolean key = (in.readUInt8() & 1) != 0;
      String column = in.readString();
      int typeOid = in.readInt32();
      columns[i] = new WalMessage.Column(key, column, typeOid, in.readInt32());
    }
    listener.onRelation(
        new WalMessage.Relation(xid, oid, namespace, name, identity, Arrays.asList(columns)));
  }

  private void handleType(WalListener listener) {
    long xid = readStreamXid();
    int oid = in.readInt32();
    String namespace = in.readString();
    listener.onType(new WalMessage.Type(xid, oid, namespace, in.readString()));
  }

  private void handleInsert(WalListener listener) {
    long xid = readStreamXid();
    int relation = in.readInt32();
    in.expectTag('N');
    listener.onInsert(new WalMessage.Insert(xid, relation, in.readTuple()));
  }

  private void handleUpdate(WalListener listener) {
    long xid = readStreamXid();
    int relation = in.readInt32();
    int tagAt = in.offset();
    int tag = in.readUInt8();
    WalMessage.OldTupleKind oldKind = WalMessage.OldTupleKind.NONE;
    TupleData oldTuple = null;
    if (tag == 'K' || tag == 'O') {
      oldKind = tag == 'K' ? WalMessage.OldTupleKind.KEY : WalMessage.OldTupleKind.FULL;
      oldTuple = in.readTuple();
      tagAt = in.offset();
      tag = in.readUInt8();
    }
    if (tag != 'N') {
      throw in.malformedAt(
          tagAt, "expected tuple tag 'K', 'O' or 'N' but found " + PgOutputReader.describe(tag));
    }
    listener.onUpdate(new WalMessage.Update(xid, relation, oldKind, oldTuple, in.readTuple()));
  }

  private void handleDelete(WalListener listener) {
    long xid = readStreamXid();
    int relation = in.readInt32();
    int tagAt = in.offset();
    int tag = in.readUInt8();
    if (tag != 'K' && tag != 'O') {
      throw in.malformedAt(
          tagAt, "expected tuple tag 'K' or 'O' but found " + PgOutputReader.describe(tag));
    }
    WalMessage.OldTupleKind kind =
        tag == 'K' ? WalMessage.OldTupleKind.KEY : WalMessage.OldTupleKind.FULL;
    listener.onDelete(new WalMessage.Delete(xid, relation, kind, in.readTuple()));
  }

  private void handleTruncate(WalListener listener) {
    long xid = readStreamXid();
    int countAt = in.offset();
    int count = in.readInt32();
    int options = in.readUInt8();
    if (count < 0 || (long) count * 4 > in.remaining()) {
      throw in.malformedAt(
          countAt,
          "truncates "
              + Integer.toUnsignedString(count)
              + " relations but only "
              + in.remaining()
              + " bytes follow");
    }
    List<Integer> oids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      oids.add(in.readInt32());
    }
    listener.onTruncate(new WalMessage.Truncate(xid, (options & 1) != 0, (options & 2) != 0, oids));
  }

  private void handleLogicalMessage(WalListener listener) {
    long xid = readStreamXid();
    boolean transactional = (in.readUInt8() & 1) != 0;
    Lsn lsn = in.readLsn();
    String prefix = in.readString();
    listener.onLogicalMessage(
        new WalMessage.LogicalMessage(xid, transactional, lsn, prefix, in.readCountedBytes()));
  }

  private void handleStreamStart(WalListener listener) {
    long xid = in.readXid();
    boolean first = in.readUInt8() == 1;
    inStreamSegment = true;
    listener.onStreamStart(new WalMessage.StreamStart(xid, first));
  }

  private void handleStreamStop(WalListener listener) {
    inStreamSegment = false;
    listener.onStreamStop(new WalMessage.StreamStop());
  }

  private void handleStreamCommit(WalListener listener) {
    long xid = in.readXid();
    int flags = in.readUInt8();
    Lsn commitLsn = in.readLsn();
    Lsn endLsn = in.readLsn();
    listener.onStreamCommit(
        new WalMessage.StreamCommit(xid, flags, commitLsn, endLsn, in.readTimestamp()));
  }

  private void handleStreamAbort(WalListener listener) {
    long xid = in.readXid();
    long subXid = in.readXid();
    Lsn abortLsn = null;
    Instant abortTime = null;
    // Protocol 4 with streaming = parallel adds the abort LSN and time; otherwise the message ends.
    if (!in.atEnd()) {
      abortLsn = in.readLsn();
      abortTime = in.readTimestamp();
    }
    listener.onStreamAbort(new WalMessage.StreamAbort(xid, subXid, abortLsn, abortTime));
  }

  private void handleBeginPrepare(WalListener listener) {
    Lsn prepareLsn = in.readLsn();
    Lsn endLsn = in.readLsn();
    Instant time = in.readTimestamp();
    long xid = in.readXid();
    listener.onBeginPrepare(
        new WalMessage.BeginPrepare(prepareLsn, endLsn, time, xid, in.readString()));
  }

  private void handlePrepare(WalListener listener) {
    int flags = in.readUInt8();
    Lsn prepareLsn = in.readLsn();
    Lsn endLsn = in.readLsn();
    Instant time = in.readTimestamp();
    long xid = in.readXid();
    listener.onPrepare(
        new WalMessage.Prepare(flags, prepareLsn, endLsn, time, xid, in.readString()));
  }

  private void handleCommitPrepared(WalListener listener) {
    int flags = in.readUInt8();
    Lsn commitLsn = in.readLsn();
    Lsn endLsn = in.readLsn();
    Instant time = in.readTimestamp();
    long xid = in.readXid();
    listener.onCommitPrepared(
        new WalMessage.CommitPrepared(flags, commitLsn, endLsn, time, xid, in.readString()));
  }

  private void handleRollbackPrepared(WalListener listener) {
    int flags = in.readUInt8();
    Lsn prepareEndLsn = in.readLsn();
    Lsn rollbackEndLsn = in.readLsn();
    Instant prepareTime = in.readTimestamp();
    Instant rollbackTime = in.readTimestamp();
    long xid = in.readXid();
    listener.onRollbackPrepared(
        new WalMessage.RollbackPrepared(
            flags, prepareEndLsn, rollbackEndLsn, prepareTime, rollbackTime, xid, in.readString()));
  }

  private void handleStreamPrepare(WalListener listener) {
    int flags = in.readUInt8();
    Lsn prepareLsn = in.readLsn();
    Lsn endLsn = in.readLsn();
    Instant time = in.readTimestamp();
    long xid = in.readXid();
    listener.onStreamPrepare(
        new WalMessage.StreamPrepare(flags, prepareLsn, endLsn, time, xid, in.readString()));
  }

  /**
   * Changes inside a streamed segment start with the xid of the (sub)transaction they belong to.
   */
  private long readStreamXid() {
    return inStreamSegment ? in.readXid() : 0;
  }
}
