package io.mooncake.engine.wal;

import io.mooncake.engine.Lsn;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.postgresql.core.BaseConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * A pgoutput change stream from one logical slot, over PgJDBC's replication API: reads without
 * blocking, decodes, keeps the relation cache, and tells the slot a position is durable only when
 * the caller says so ({@link #confirmFlushed}); PgJDBC's periodic status updates repeat that
 * position and never advance it. While no published table changes, the slot holds WAL until the
 * caller confirms an {@link #idlePosition}.
 *
 * <p>A thread of the stream's own ({@link Receiver}) reads and decodes ahead of the caller, so that
 * the caller's work on one part overlaps the arrival of the next. Not thread-safe otherwise: one
 * thread polls, confirms and closes; another thread may only ask {@link #runWhile} to stop through
 * its condition.
 */
public final class ReplicationStream implements AutoCloseable {

  /** How long an idle reader parks between polls: bounds both latency and the stop delay. */
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private static final Duration STATUS_INTERVAL = Duration.ofSeconds(10);
  private static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(15);
  private static final int MAX_MESSAGES_PER_POLL = 4096;

  private final BaseConnection connection;
  private final PGReplicationStream stream;
  private final int protocolVersion;
  private final Receiver receiver;
  private final StreamState state = new StreamState();
  private Lsn confirmed = Lsn.ZERO;

  /** The position the stream had reached with the last item passed on. */
  private long received;

  private ReplicationStream(
      BaseConnection connection,
      PGReplicationStream stream,
      int version,
      String slot,
      Duration statusInterval) {
    this.connection = connection;
    this.stream = stream;
    this.protocolVersion = version;
    this.received = stream.getLastReceiveLSN().asLong();
    this.receiver =
        new Receiver(stream, "mooncake-receive-" + slot, statusInterval, NETWORK_TIMEOUT);
  }

  /**
   * Opens a replication connection to {@code jdbcUrl} and starts streaming {@code slot} from {@code
   * startAt} (the server starts from the slot's confirmed position if that is later), with the
   * highest pgoutput protocol the server speaks, streaming of large transactions and logical
   * messages on.
   */
  public static ReplicationStream open(
      String jdbcUrl,
      Properties properties,
      LogicalSlot slot,
      Publication publication,
      Lsn startAt) {
    return open(jdbcUrl, properties, slot, publication, startAt, STATUS_INTERVAL);
  }

  /**
   * As {@link #open(String, Properties, LogicalSlot, Publication, Lsn)}, with status updates every
   * {@code statusInterval}.
   */
  static ReplicationStream open(
      String jdbcUrl,
      Properties properties,
      LogicalSlot slot,
      Publication publication,
      Lsn startAt,
      Duration statusInterval) {
    BaseConnection connection = null;
    try {
      connection = ReplicationConnector.open(jdbcUrl, properties);
      int version = protocolVersionFor(ReplicationConnector.serverMajorVersion(connection));
      PGReplicationStream stream =
          connection
              .getReplicationAPI()
              .replicationStream()
              .logical()
              // PgJDBC puts the name and the option values into the command as they are.
              .withSlotName(slot.quoted())
              .withStartPosition(LogSequenceNumber.valueOf(startAt.asLong()))
              .withSlotOption("proto_version", String.valueOf(version))
              .withSlotOption("publication_names", quoteLiteralBody(publication.asOptionValue()))
              .withSlotOption("streaming", "on")
              .withSlotOption("messages", "true")
              .withStatusInterval((int) statusInterval.toMillis(), TimeUnit.MILLISECONDS)
              // PgJDBC would otherwise confirm keepalive positions on its own once the caller has
              // confirmed all it received; only the caller knows what is durable.
              .withAutomaticFlush(false)
              .start();
      // Blocking reads and writes (status updates, closing) fail instead of hanging on a
      // connection that a network cut left half open; polling does not block.
      connection.setNetworkTimeout(Runnable::run, (int) NETWORK_TIMEOUT.toMillis());
      ReplicationStream opened =
          new ReplicationStream(connection, stream, version, slot.name(), statusInterval);
      connection = null;
      return opened;
    } catch (SQLException e) {
      throw new ReplicationException("could not start replication from slot " + slot, e);
    } finally {
      LogicalSlot.closeQuietly(connection);
    }
  }

  /**
   * pgoutput protocol by server major version: 4 from 16 (parallel streaming), 3 from 15, else 2.
   */
  static int protocolVersionFor(int serverMajorVersion) {
    return serverMajorVersion >= 16 ? 4 : serverMajorVersion >= 15 ? 3 : 2;
  }

  /** The pgoutput protocol version in use. */
  public int protocolVersion() {
    return protocolVersion;
  }

  /**
   * Passes up to {@code maxMessages} messages that have already arrived and been decoded to {@code
   * listener}; returns how many, 0 when none is waiting. Never blocks for new data; the calling
   * thread is unparked when more arrive.
   */
  public int poll(WalListener listener, int maxMessages) {
    state.forwardingTo(listener);
    int count = 0;
    while (count < maxMessages) {
      Receiver.Item item = receiver.take();
      if (item == null) {
        break;
      }
      if (item.failure() != null) {
        throw item.failure();
      }
      received = item.receivedLsn();
      if (item.message() != null) {
        item.message().accept(state);
        count++;
      }
    }
    return count;
  }

  /**
   * Polls and dispatches to {@code listener} until {@code running} turns false or the thread is
   * interrupted, parking briefly whenever nothing has arrived.
   */
  public void runWhile(BooleanSupplier running, WalListener listener) {
    while (running.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      if (poll(listener, MAX_MESSAGES_PER_POLL) == 0) {
        LockSupport.parkNanos(IDLE_PARK_NANOS);
      }
    }
  }

  /** The latest Relation message for {@code oid}; fails if none arrived on this stream yet. */
  public WalMessage.Relation relation(int oid) {
    WalMessage.Relation relation = state.relation(oid);
    if (relation == null) {
      throw new IllegalStateException(
          "no Relation message for OID " + Integer.toUnsignedString(oid) + " on this stream");
    }
    return relation;
  }

  /**
   * The walsender's latest position, from its last message or keepalive, if no transaction or
   * streamed segment is open. Every transaction that committed before it has been delivered, so a
   * consumer that applied everything it received may treat itself as caught up to it.
   */
  public Optional<Lsn> idlePosition() {
    if (state.transactionOpen() || state.inStreamSegment()) {
      return Optional.empty();
    }
    return Optional.of(Lsn.of(received));
  }

  /**
   * Tells the slot that everything before {@code durable} is durable at the consumer, so the server
   * may recycle that WAL and restart the stream there. A position before one already confirmed is
   * ignored.
   */
  public void confirmFlushed(Lsn durable) {
    if (!durable.isAfter(confirmed)) {
      return;
    }
    receiver.confirm(durable);
    confirmed = durable;
  }

  /** The last position passed to {@link #confirmFlushed}, {@link Lsn#ZERO} before the first. */
  public Lsn confirmedFlushed() {
    return confirmed;
  }

  /**
   * Drops the connection without ending replication politely (which waits for the server): for a
   * connection that is broken or may be.
   */
  public void abort() {
    receiver.stop(false);
    try {
      connection.abort(Runnable::run);
    } catch (SQLException e) {
      LogicalSlot.closeQuietly(connection);
    }
  }

  /** Ends replication and closes the connection. */
  @Override
  public void close() {
    receiver.stop(true);
    try {
      if (!stream.isClosed()) {
        stream.close();
      }
    } catch (SQLException e) {
      // The connection is closed next anyway; nothing to confirm or flush here.
    } finally {
      LogicalSlot.closeQuietly(connection);
    }
  }

  /** PgJDBC wraps option values in single quotes without escaping: double any inside. */
  private static String quoteLiteralBody(String value) {
    return value.replace("'", "''");
  }
}
