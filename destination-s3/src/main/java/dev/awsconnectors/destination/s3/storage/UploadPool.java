package dev.awsconnectors.destination.s3.storage;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads that talk to S3, shared by every upload, and the count of parts in flight (queued or uploading, whole
 * objects included). Handing a part over never blocks: the writer hands parts over while it holds its state, and
 * afterwards, holding nothing, waits in {@link #awaitCapacity()} until no more than {@code maxPartsInFlight} parts
 * are in flight. That keeps the memory held by parts bounded and pushes back on the source when S3 is slower than
 * the input, without a lock held while S3 answers.
 *
 * <p>Lifecycle: parts are counted with {@link #partQueued()} / {@link #partDone()} (exactly once each) by
 * {@link ObjectUpload}; {@link #close()} after the last upload settled. Thread-safe.
 */
public final class UploadPool implements AutoCloseable {
  private final ExecutorService executor;
  private final int maxPartsInFlight;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition partFinished = lock.newCondition();
  private int inFlight;

  public UploadPool(int threads, int maxPartsInFlight) {
    if (maxPartsInFlight < 1) {
      throw new IllegalArgumentException("At least one part in flight");
    }
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "s3-upload-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.executor = Executors.newFixedThreadPool(threads, factory);
    this.maxPartsInFlight = maxPartsInFlight;
  }

  void partQueued() {
    lock.lock();
    try {
      inFlight++;
    } finally {
      lock.unlock();
    }
  }

  void partDone() {
    lock.lock();
    try {
      inFlight--;
      partFinished.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Parts queued or uploading now. */
  public int partsInFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until at most {@code maxPartsInFlight} parts are in flight. Call it holding no lock of your own. */
  public void awaitCapacity() throws InterruptedException {
    lock.lock();
    try {
      while (inFlight > maxPartsInFlight) {
        partFinished.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The threads, for every request to S3 (uploads, key checks, the metadata reads and deletes of an overwrite). */
  public Executor executor() {
    return executor;
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
