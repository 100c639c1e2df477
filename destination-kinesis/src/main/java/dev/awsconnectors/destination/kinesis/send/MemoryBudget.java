package dev.awsconnectors.destination.kinesis.send;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bytes of records held in memory between the writer and Kinesis (waiting, in flight or retrying): the writer
 * {@link #acquire acquires} a record's bytes before handing it over and waits while the budget is spent; the loop
 * {@link #release releases} them once Kinesis acknowledged the record. A record larger than the whole budget takes
 * all of it. Thread-safe.
 */
final class MemoryBudget {
  private static final long CHECK_MILLIS = 100;

  private final Semaphore permits;
  private final int total;

  MemoryBudget(long bytes) {
    this.total = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes));
    this.permits = new Semaphore(total);
  }

  /**
   * Takes {@code bytes}, waiting while they are not free: runs {@code beforeWaiting} once before it waits (to hand
   * over what the waiting thread holds, whose acknowledgement may be what frees the bytes), {@code whileWaiting} every
   * 100 ms of waiting (to stop waiting by throwing when the loop failed) and once after acquiring.
   */
  void acquire(int bytes, Runnable beforeWaiting, Runnable whileWaiting) throws InterruptedException {
    int n = clamp(bytes);
    if (!permits.tryAcquire(n)) {
      beforeWaiting.run();
      while (!permits.tryAcquire(n, CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
        whileWaiting.run();
      }
    }
    try {
      whileWaiting.run();
    } catch (RuntimeException | Error e) {
      permits.release(n);
      throw e;
    }
  }

  void release(int bytes) {
    permits.release(clamp(bytes));
  }

  /** True if the writer waits for memory or less than an eighth of the budget is free: seal and send what is open. */
  boolean underPressure() {
    return permits.hasQueuedThreads() || permits.availablePermits() < total / 8;
  }

  private int clamp(int bytes) {
    return Math.min(Math.max(0, bytes), total);
  }
}
