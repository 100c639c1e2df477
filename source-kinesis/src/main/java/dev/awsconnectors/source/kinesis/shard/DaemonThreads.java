package dev.awsconnectors.source.kinesis.shard;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that call Kinesis for shards (sync readers, discover's samplers): daemons, so that a call stuck in the
 * SDK never keeps the process alive, named {@code <prefix>-<n>} for thread dumps and profiles.
 */
public final class DaemonThreads implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  public DaemonThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread t = new Thread(task, prefix + "-" + count.incrementAndGet());
    t.setDaemon(true);
    return t;
  }
}
