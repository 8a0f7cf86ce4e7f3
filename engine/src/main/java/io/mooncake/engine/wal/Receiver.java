package io.mooncake.engine.wal;

import io.mooncake.engine.Lsn;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * Reads and decodes a replication stream on a thread of its own, so that the consumer applies one
 * part of the stream while the next arrives. The thread is the only one that touches the PgJDBC
 * stream while it runs: it reads, answers the walsender's keepalives, and sends the positions the
 * consumer confirms ({@link #confirm}). Decoded messages reach the consumer in order, in batches
 * through a bounded queue; while the queue is full the thread stops reading (the walsender then
 * waits) but still sends status updates, so a slow consumer is not taken for a dead one.
 *
 * <p>The consumer side ({@link #take}, {@link #confirm}, {@link #stop}) is one thread's.
 */
final class Receiver {

  /** Messages per batch handed over: large enough to cost little, small enough to start early. */
  private static final int BATCH = 512;

  /** Batches that may wait for the consumer: bounds the memory of a stream that runs ahead. */
  private static final int QUEUED_BATCHES = 32;

  /** The longest nap of an idle reader: it bounds the latency that the thread adds. */
  private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

  /**
   * One item of the stream: a decoded message (null for a bare position, a keepalive's) and the
   * position the stream had reached with it, or the failure that ended the stream.
   */
  record Item(Consumer<WalListener> message, long receivedLsn, RuntimeException failure) {}

  /** A confirmation to send, and its outcome. */
  private record Confirm(Lsn position, CompletableFuture<Void> sent) {}

  private final PGReplicationStream stream;
  private final Duration statusInterval;
  private final Duration timeout;
  private final PgOutputDecoder decoder = new PgOutputDecoder();
  private final BlockingQueue<List<Item>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private final AtomicReference<Confirm> confirming = new AtomicReference<>();
  private final Thread thread;
  private volatile Thread consumer;
  private volatile boolean stopping;
  private volatile boolean finished;

  private List<Item> taking = List.of();
  private int next;

  Receiver(PGReplicationStream stream, String name, Duration statusInterval, Duration timeout) {
    this.stream = stream;
    this.statusInterval = statusInterval;
    this.timeout = timeout;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * The next item that has arrived, or null when none has; the caller's thread is woken when more
   * arrive.
   */
  Item take() {
    consumer = Thread.currentThread();
    if (next == taking.size()) {
      List<Item> batch = queue.poll();
      if (batch == null) {
        return null;
      }
      taking = batch;
      next = 0;
    }
    return taking.get(next++);
  }

  /**
   * Has the reading thread tell the walsender that everything before {@code position} is durable,
   * and waits until it has.
   *
   * @throws ReplicationException when it could not be sent
   */
  void confirm(Lsn position) {
    Confirm request = new Confirm(position, new CompletableFuture<>());
    confirming.set(request);
    LockSupport.unpark(thread);
    if (finished && confirming.compareAndSet(request, null)) {
      request.sent().completeExceptionally(new ReplicationException("the stream has ended"));
    }
    try {
      request.sent().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      String what = "could not confirm " + position + " to the replication slot";
      if (e.getCause() instanceof SQLException) {
        throw new ReplicationException(what, (SQLException) e.getCause());
      }
      throw new ReplicationException(what + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new ReplicationException(
          "could not confirm " + position + " to the replication slot within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplicationException("interrupted while confirming " + position);
    }
  }

  /** Stops the reading thread; with {@code wait}, returns once it no longer uses the stream. */
  void stop(boolean wait) {
    stopping = true;
    LockSupport.unpark(thread);
    if (wait && Thread.currentThread() != thread) {
      try {
        thread.join(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    List<Item> batch = new ArrayList<>(BATCH);
    Consumer<WalListener>[] decoded = newSlot();
    WalListener recorder = recorder(decoded);
    long lastLsn = -1;
    long idlePark = 0;
    try {
      while (!stopping) {
        sendConfirmation();
        ByteBuffer message = stream.readPending();
        long lsn = stream.getLastReceiveLSN().asLong();
        if (message != null) {
          decoded[0] = null;
          decoder.decode(message, recorder);
          batch.add(new Item(decoded[0], lsn, null));
          lastLsn = lsn;
        } else if (lsn != lastLsn) {
          batch.add(new Item(null, lsn, null));
          lastLsn = lsn;
        }
        if (batch.size() >= BATCH || (message == null && !batch.isEmpty())) {
          handOver(batch);
          batch = new ArrayList<>(BATCH);
        }
        if (message == null) {
          idlePark = Math.min(MAX_IDLE_PARK_NANOS, Math.max(50_000L, idlePark * 2));
          LockSupport.parkNanos(idlePark);
        } else {
          idlePark = 0;
        }
      }
    } catch (SQLException e) {
      end(batch, new ReplicationException("replication stream failed", e));
    } catch (RuntimeException e) {
      end(batch, e);
    } finally {
      finished = true;
      Confirm pending = confirming.getAndSet(null);
      if (pending != null) {
        pending.sent().completeExceptionally(new ReplicationException("the stream has ended"));
      }
    }
  }

  /** Hands what was read before {@code failure} over, then the failure (unless stopping). */
  private void end(List<Item> batch, RuntimeException failure) {
    if (stopping) {
      return;
    }
    batch.add(new Item(null, 0, failure));
    try {
      handOver(batch);
    } catch (SQLException | RuntimeException ignored) {
      // The consumer is stopping the stream anyway: nothing more to tell it.
    }
  }

  /**
   * Puts {@code batch} in the queue and wakes the consumer; while the queue is full, sends what the
   * consumer confirms and a status update every interval, so the walsender does not time out.
   */
  private void handOver(List<Item> batch) throws SQLException {
    long lastStatus = System.nanoTime();
    while (!stopping) {
      try {
        if (queue.offer(batch, 1, TimeUnit.MILLISECONDS)) {
          Thread c = consumer;
          if (c != null) {
            LockSupport.unpark(c);
          }
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ReplicationException("interrupted while reading the replication stream");
      }
      sendConfirmation();
      if (System.nanoTime() - lastStatus >= statusInterval.toNanos()) {
        stream.forceUpdateStatus();
        lastStatus = System.nanoTime();
      }
    }
  }

  /** Sends the position the consumer asked to confirm, if any. */
  private void sendConfirmation() throws SQLException {
    Confirm request = confirming.getAndSet(null);
    if (request == null) {
      return;
    }
    try {
      LogSequenceNumber lsn = LogSequenceNumber.valueOf(request.position().asLong());
      stream.setFlushedLSN(lsn);
      stream.setAppliedLSN(lsn);
      stream.forceUpdateStatus();
      request.sent().complete(null);
    } catch (SQLException | RuntimeException e) {
      request.sent().completeExceptionally(e);
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private static Consumer<WalListener>[] newSlot() {
    return (Consumer<WalListener>[]) new Consumer<?>[1];
  }

  /** A listener that leaves the message it is given, as a call to make later, in {@code slot}. */
  private static WalListener recorder(Consumer<WalListener>[] slot) {
    return new WalListener() {
      @Override
      public void onBegin(WalMessage.Begin m) {
        slot[0] = l -> l.onBegin(m);
      }

      @Override
      public void onCommit(WalMessage.Commit m) {
        slot[0] = l -> l.onCommit(m);
      }

      @Override
      public void onRelation(WalMessage.Relation m) {
        slot[0] = l -> l.onRelation(m);
      }

      @Override
      public void onInsert(WalMessage.Insert m) {
        slot[0] = l -> l.onInsert(m);
      }

      @Override
      public void onUpdate(WalMessage.Update m) {
        slot[0] = l -> l.onUpdate(m);
      }

      @Override
      public void onDelete(WalMessage.Delete m) {
        slot[0] = l -> l.onDelete(m);
      }

      @Override
      public void onTruncate(WalMessage.Truncate m) {
        slot[0] = l -> l.onTruncate(m);
      }

      @Override
      public void onStreamStart(WalMessage.StreamStart m) {
        slot[0] = l -> l.onStreamStart(m);
      }

      @Override
      public void onStreamStop(WalMessage.StreamStop m) {
        slot[0] = l -> l.onStreamStop(m);
      }

      @Override
      public void onStreamCommit(WalMessage.StreamCommit m) {
        slot[0] = l -> l.onStreamCommit(m);
      }

      @Override
      public void onStreamAbort(WalMessage.StreamAbort m) {
        slot[0] = l -> l.onStreamAbort(m);
      }

      @Override
      public void onOrigin(WalMessage.Origin m) {
        slot[0] = l -> l.onOrigin(m);
      }

      @Override
      public void onType(WalMessage.Type m) {
        slot[0] = l -> l.onType(m);
      }

      @Override
      public void onLogicalMessage(WalMessage.LogicalMessage m) {
        slot[0] = l -> l.onLogicalMessage(m);
      }

      @Override
      public void onBeginPrepare(WalMessage.BeginPrepare m) {
        slot[0] = l -> l.onBeginPrepare(m);
      }

      @Override
      public void onPrepare(WalMessage.Prepare m) {
        slot[0] = l -> l.onPrepare(m);
      }

      @Override
      public void onCommitPrepared(WalMessage.CommitPrepared m) {
        slot[0] = l -> l.onCommitPrepared(m);
      }

      @Override
      public void onRollbackPrepared(WalMessage.RollbackPrepared m) {
        slot[0] = l -> l.onRollbackPrepared(m);
      }

      @Override
      public void onStreamPrepare(WalMessage.StreamPrepare m) {
        slot[0] = l -> l.onStreamPrepare(m);
      }
    };
  }
}
