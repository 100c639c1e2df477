package dev.awsconnectors.destination.kinesis.send;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The executors the send loop's AWS calls run on, off the loop's thread: PutRecords {@code requests} and ListShards
 * {@code listings}. Those that are pools ({@link ExecutorService}) belong to the loop and end with it; any other
 * executor (a test's, run by hand) stays its owner's.
 *
 * <p>Lifecycle: built with the loop, from {@link #pool}s or from executors a test passes; the loop's thread hands
 * calls to {@link #requests} and {@link #listings}; when the loop closes, {@link #shutdownNow} once (interrupts
 * running calls, refuses new ones), then {@link #awaitTermination}.
 */
record CallExecutors(Executor requests, Executor listings) {
  /** A pool of {@code threads} daemon threads named {@code name}: they never keep the connector's JVM alive. */
  static ExecutorService pool(int threads, String name) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  void shutdownNow() {
    pools().forEach(ExecutorService::shutdownNow);
  }

  /** Waits up to {@code seconds} for each pool's calls to end. */
  void awaitTermination(long seconds) throws InterruptedException {
    for (ExecutorService pool : pools()) {
      pool.awaitTermination(seconds, TimeUnit.SECONDS);
    }
  }

  private List<ExecutorService> pools() {
    return List.of(requests, listings).stream()
        .filter(ExecutorService.class::isInstance).map(ExecutorService.class::cast).toList();
  }
}
