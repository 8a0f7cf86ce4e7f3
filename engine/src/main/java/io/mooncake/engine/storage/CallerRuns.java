package io.mooncake.engine.storage;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An executor that runs each task on the thread that submits it, for Iceberg's commits and scans of
 * mirror tables. Iceberg waits for the tasks it hands to its worker pool by polling them every 10
 * ms: a commit of a few rows spent 100 to 150 ms asleep in those waits (manifest filtering, merging
 * and writing), where tasks already done when submitted cost none. The tables' manifests are few
 * and small, so parallel work gains nothing. Never shut down.
 */
final class CallerRuns extends AbstractExecutorService {

  static final CallerRuns INSTANCE = new CallerRuns();

  private CallerRuns() {}

  @Override
  public void execute(Runnable task) {
    task.run();
  }

  @Override
  public void shutdown() {
    // Shared: stays usable.
  }

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return false;
  }
}
