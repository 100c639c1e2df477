package dev.awsconnectors.source.kinesis.read;

import dev.awsconnectors.source.kinesis.shard.DaemonThreads;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard scheduler: runs the {@link ShardTask}s of a read on a bounded pool of reader threads, each task's next
 * turn scheduled at the time its last turn asked for, so that shards take turns and none starves however many there
 * are, and counts the shards being read.
 *
 * <p>Lifecycle: the emitting thread {@link #startAll} the tasks of the eligible shards (counted as active at once,
 * so that the budget's fair share counts them before their first call); the emitting thread calls
 * {@link #shardDone} when it has handled a shard's last event (end of shard, stop condition, vanished);
 * {@link #stop} prevents further turns;
 * {@link #close} (after closing the {@link PageQueue}, which wakes blocked readers) interrupts the pool and waits for
 * its threads.
 */
final class ShardReaders implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardReaders.class);
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final ScheduledThreadPoolExecutor pool;
  private final Clock clock;
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean stopping;

  ShardReaders(int threads, Clock clock) {
    this.pool = new ScheduledThreadPoolExecutor(threads, new DaemonThreads("kinesis-shard-reader"));
    this.pool.setRemoveOnCancelPolicy(true);
    this.clock = clock;
  }

  /**
   * Counts the shards as active, all before any of them makes its first call (so that each call's fair share of the
   * budget counts them all), and runs their first turns as soon as threads are free.
   */
  void startAll(List<ShardTask> tasks) {
    if (stopping || tasks.isEmpty()) {
      return;
    }
    active.addAndGet(tasks.size());
    tasks.forEach(task -> submit(task, 0));
  }

  /** The emitting thread handled the shard's last event. */
  void shardDone() {
    active.decrementAndGet();
  }

  /** Shards started whose last event was not handled yet. */
  int active() {
    return active.get();
  }

  boolean isStopping() {
    return stopping;
  }

  /** No task takes another turn; turns under way finish their call. */
  void stop() {
    stopping = true;
  }

  @Override
  public void close() {
    stop();
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("Some shard readers did not stop within {} s", CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void submit(ShardTask task, long delayMillis) {
    try {
      pool.schedule(() -> run(task), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Only after close: the read is over.
    }
  }

  private void run(ShardTask task) {
    try {
      OptionalLong next = task.turn();
      if (next.isPresent() && !stopping) {
        submit(task, Math.max(0, next.getAsLong() - clock.millis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
