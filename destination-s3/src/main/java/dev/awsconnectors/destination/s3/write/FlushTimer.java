package dev.awsconnectors.destination.s3.write;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The thread that applies the flush interval while no message arrives: it calls the writer's tick every second
 * from {@link #start} until {@link #close()}.
 */
final class FlushTimer implements AutoCloseable {
  /** Time between two ticks. */
  static final long PERIOD_MILLIS = 1_000;
  private final ScheduledExecutorService executor;

  private FlushTimer(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  static FlushTimer start(Runnable tick) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "s3-flush-timer");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    return new FlushTimer(executor);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
