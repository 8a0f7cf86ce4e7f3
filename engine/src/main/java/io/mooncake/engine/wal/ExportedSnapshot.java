package io.mooncake.engine.wal;

import io.mooncake.engine.Lsn;
import org.postgresql.core.BaseConnection;

/**
 * A newly created logical slot and the snapshot it exported: the database exactly as of the slot's
 * consistent point, where its change stream begins. Another connection adopts the snapshot with
 * {@code SET TRANSACTION SNAPSHOT '<snapshotName>'} inside a REPEATABLE READ transaction, until
 * this is closed (which ends the replication connection that holds the snapshot; the slot remains).
 * Close it once every copy transaction has imported the snapshot. Thread-safe.
 */
public final class ExportedSnapshot implements AutoCloseable {

  private final LogicalSlot slot;
  private final Lsn consistentPoint;
  private final String snapshotName;
  private final BaseConnection connection;

  ExportedSnapshot(
      LogicalSlot slot, Lsn consistentPoint, String snapshotName, BaseConnection connection) {
    this.slot = slot;
    this.consistentPoint = consistentPoint;
    this.snapshotName = snapshotName;
    this.connection = connection;
  }

  public LogicalSlot slot() {
    return slot;
  }

  /** The LSN from which the slot streams changes not visible in the snapshot. */
  public Lsn consistentPoint() {
    return consistentPoint;
  }

  /** The snapshot's identifier for {@code SET TRANSACTION SNAPSHOT}. */
  public String snapshotName() {
    return snapshotName;
  }

  /** Releases the snapshot by closing the replication connection that created the slot. */
  @Override
  public void close() {
    LogicalSlot.closeQuietly(connection);
  }

  @Override
  public String toString() {
    return "slot " + slot + " at " + consistentPoint + ", snapshot " + snapshotName;
  }
}
