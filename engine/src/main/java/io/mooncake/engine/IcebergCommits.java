package io.mooncake.engine;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The Iceberg commits of the engine, run in order on a thread of their own so that the apply thread
 * goes on applying changes (readers wait for those) while metadata is written. The apply thread
 * writes the Parquet files and hands over one round of commits per durability point; a round that
 * completes makes its LSN confirmable to the slot. The first failure is kept and rethrown to the
 * apply thread; later rounds are not run, so Iceberg never skips a commit.
 */
final class IcebergCommits implements AutoCloseable {

  /** One commit of a round (an Iceberg operation on one mirror's table). */
  interface Commit {
    void run() throws Exception;
  }

  private final ExecutorService thread;
  private volatile Throwable failure;
  private volatile Lsn confirmable;
  private volatile Future<?> last;

  IcebergCommits(String database) {
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "mooncake-commit-" + database);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code commits} after every earlier round; then, when {@code mayConfirm}, changes up to
   * {@code at} may be confirmed to the slot.
   */
  void submit(Lsn at, List<Commit> commits, boolean mayConfirm) {
    last =
        thread.submit(
            () -> {
              if (failure != null) {
                return;
              }
              try {
                for (Commit c : commits) {
                  c.run();
                }
                if (mayConfirm && (confirmable == null || at.isAfter(confirmable))) {
                  confirmable = at;
                }
              } catch (Exception | Error e) {
                failure = e;
              }
            });
  }

  /** The highest LSN whose changes are all committed to Iceberg and may be confirmed, or null. */
  Lsn confirmable() {
    return confirmable;
  }

  /** Throws the failure of a commit, if one failed. */
  void rethrow() throws java.sql.SQLException {
    Throwable f = failure;
    if (f != null) {
      throw new java.sql.SQLException(
          "committing to Iceberg failed: " + f.getMessage(), "58030", f);
    }
  }

  /** Waits until every round submitted so far is done (for a synchronous Iceberg operation). */
  void drain() throws java.sql.SQLException {
    Future<?> f = last;
    if (f != null) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.sql.SQLException("interrupted while committing to Iceberg", "57014", e);
      } catch (ExecutionException e) {
        throw new java.sql.SQLException("committing to Iceberg failed", "58030", e.getCause());
      }
    }
    rethrow();
  }

  /** Lets the submitted rounds finish, then stops the thread. */
  @Override
  public void close() {
    thread.shutdown();
    awaitStop();
  }

  /**
   * Runs no more rounds; a commit under way still finishes (not interrupted: it cannot be cut in
   * half), as when the process is killed.
   */
  void stopNow() {
    failure = failure != null ? failure : new IllegalStateException("stopped");
    thread.shutdown();
    awaitStop();
  }

  private void awaitStop() {
    try {
      thread.awaitTermination(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
