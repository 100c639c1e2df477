package dev.awsconnectors.destination.s3.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads that talk to S3, shared by every upload, and the bound on parts in flight: a writer that hands over a
 * part while {@code maxPartsInFlight} parts are queued or uploading waits for one to finish. That keeps the memory
 * held by parts bounded and pushes back on the source when S3 is slower than the input.
 */
public final class UploadPool implements AutoCloseable {
  private final ExecutorService executor;
  private final Semaphore permits;
  private final int maxPartsInFlight;

  public UploadPool(int threads, int maxPartsInFlight) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "s3-upload-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.executor = Executors.newFixedThreadPool(threads, factory);
    this.permits = new Semaphore(maxPartsInFlight);
    this.maxPartsInFlight = maxPartsInFlight;
  }

  /** Waits for a free slot for one part (or whole-object upload); give it back with {@link #releaseSlot()}. */
  void acquireSlot() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for an upload slot", e);
    }
  }

  void releaseSlot() {
    permits.release();
  }

  /** Parts queued or uploading now. */
  public int partsInFlight() {
    return maxPartsInFlight - permits.availablePermits();
  }

  <T> CompletableFuture<T> supply(Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, executor);
  }

  /** The threads, for other requests that run concurrently (reading metadata before an overwrite's deletes). */
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
