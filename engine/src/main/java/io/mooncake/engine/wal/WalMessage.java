package io.mooncake.engine.wal;

import io.mooncake.engine.Lsn;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The pgoutput logical replication messages (protocol versions 1 to 4), as immutable values.
 *
 * <p>Transaction ids are unsigned 32-bit numbers held in a {@code long}; {@code xid} is 0 on change
 * messages outside a streamed transaction, else the (sub)transaction the change belongs to. OIDs
 * are unsigned 32-bit numbers held in an {@code int}, as PgJDBC does.
 */
public sealed interface WalMessage {

  /** A transaction starts; its changes and a {@link Commit} follow. */
  record Begin(Lsn finalLsn, Instant commitTime, long xid) implements WalMessage {}

  /** The transaction opened by the last {@link Begin} committed at {@code commitLsn}. */
  record Commit(int flags, Lsn commitLsn, Lsn endLsn, Instant commitTime) implements WalMessage {}

  /** The transaction came from another node through replication origin {@code name}. */
  record Origin(Lsn originCommitLsn, String name) implements WalMessage {}

  /** The shape of a table; sent before its first change and after each schema change. */
  record Relation(
      long xid,
      int oid,
      String namespace,
      String name,
      ReplicaIdentity replicaIdentity,
      List<Column> columns)
      implements WalMessage {

    /** Copies {@code columns} so the value stays immutable. */
    public Relation {
      columns = List.copyOf(columns);
    }
  }

  /**
   * One column of a {@link Relation}; {@code partOfKey} when it belongs to the replica identity.
   */
  record Column(boolean partOfKey, String name, int typeOid, int typeModifier) {}

  /** How a table identifies the old row of an UPDATE or DELETE (pg_class.relreplident). */
  enum ReplicaIdentity {
    DEFAULT('d'),
    NOTHING('n'),
    FULL('f'),
    INDEX('i');

    private final char code;

    ReplicaIdentity(char code) {
      this.code = code;
    }

    /** The one-letter code PostgreSQL uses. */
    public char code() {
      return code;
    }

    static ReplicaIdentity ofCode(int code) {
      for (ReplicaIdentity r : values()) {
        if (r.code == code) {
          return r;
        }
      }
      return null;
    }
  }

  /** A user-defined type used by a following {@link Relation}. */
  record Type(long xid, int oid, String namespace, String name) implements WalMessage {}

  /** A row was inserted. */
  record Insert(long xid, int relationOid, TupleData newTuple) implements WalMessage {}

  /**
   * A row was updated. {@code oldTuple} is sent ({@code oldKind} KEY or FULL) when the replica
   * identity is FULL or the key changed; otherwise {@code oldKind} is NONE and {@code oldTuple}
   * null.
   */
  record Update(
      long xid, int relationOid, OldTupleKind oldKind, TupleData oldTuple, TupleData newTuple)
      implements WalMessage {}

  /** A row was deleted; {@code oldTuple} holds its key columns (KEY) or the whole row (FULL). */
  record Delete(long xid, int relationOid, OldTupleKind oldKind, TupleData oldTuple)
      implements WalMessage {}

  /** Which old row image an UPDATE or DELETE carries. */
  enum OldTupleKind {
    /** No old image (UPDATE that kept the key of a table with a key). */
    NONE,
    /** 'K': the replica identity columns only; the others are null. */
    KEY,
    /** 'O': the whole old row (REPLICA IDENTITY FULL). */
    FULL
  }

  /** The tables were truncated together. */
  record Truncate(long xid, boolean cascade, boolean restartIdentity, List<Integer> relationOids)
      implements WalMessage {

    /** Copies {@code relationOids} so the value stays immutable. */
    public Truncate {
      relationOids = List.copyOf(relationOids);
    }
  }

  /** A message written with {@code pg_logical_emit_message}. */
  record LogicalMessage(long xid, boolean transactional, Lsn lsn, String prefix, byte[] content)
      implements WalMessage {

    /** Copies {@code content} so the value stays immutable. */
    public LogicalMessage {
      content = content.clone();
    }

    /** A copy of the message's bytes. */
    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LogicalMessage
          && ((LogicalMessage) o).xid == xid
          && ((LogicalMessage) o).transactional == transactional
          && ((LogicalMessage) o).lsn.equals(lsn)
          && ((LogicalMessage) o).prefix.equals(prefix)
          && Arrays.equals(((LogicalMessage) o).content, content);
    }

    @Override
    public int hashCode() {
      return (Long.hashCode(xid) * 31 + lsn.hashCode()) * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
      return "LogicalMessage[xid="
          + xid
          + ", transactional="
          + transactional
          + ", lsn="
          + lsn
          + ", prefix="
          + prefix
          + ", content="
          + content.length
          + " bytes]";
    }
  }

  /**
   * A segment of an in-progress transaction starts (protocol 2+); changes until {@link StreamStop}
   * belong to {@code xid} or its subtransactions.
   */
  record StreamStart(long xid, boolean firstSegment) implements WalMessage {}

  /** The current segment of a streamed transaction ends. */
  record StreamStop() implements WalMessage {}

  /** The streamed transaction {@code xid} committed: apply all its segments' changes. */
  record StreamCommit(long xid, int flags, Lsn commitLsn, Lsn endLsn, Instant commitTime)
      implements WalMessage {}

  /**
   * The streamed (sub)transaction {@code subXid} of {@code xid} aborted: discard its changes (all
   * of {@code xid}'s when {@code subXid == xid}). {@code abortLsn} and {@code abortTime} are only
   * sent by protocol 4 with parallel streaming, else null.
   */
  record StreamAbort(long xid, long subXid, Lsn abortLsn, Instant abortTime)
      implements WalMessage {}

  /** A two-phase transaction's prepared part starts (protocol 3, {@code two_phase}). */
  record BeginPrepare(Lsn prepareLsn, Lsn endLsn, Instant prepareTime, long xid, String gid)
      implements WalMessage {}

  /** The transaction opened by {@link BeginPrepare} was prepared as {@code gid}. */
  record Prepare(int flags, Lsn prepareLsn, Lsn endLsn, Instant prepareTime, long xid, String gid)
      implements WalMessage {}

  /** The prepared transaction {@code gid} committed. */
  record CommitPrepared(
      int flags, Lsn commitLsn, Lsn endLsn, Instant commitTime, long xid, String gid)
      implements WalMessage {}

  /** The prepared transaction {@code gid} rolled back. */
  record RollbackPrepared(
      int flags,
      Lsn prepareEndLsn,
      Lsn rollbackEndLsn,
      Instant prepareTime,
      Instant rollbackTime,
      long xid,
      String gid)
      implements WalMessage {}

  /** The streamed transaction {@code xid} was prepared as {@code gid}. */
  record StreamPrepare(
      int flags, Lsn prepareLsn, Lsn endLsn, Instant prepareTime, long xid, String gid)
      implements WalMessage {}
}
