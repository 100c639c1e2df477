package dev.awsconnectors.destination.s3.storage;

/**
 * One budget of bytes for every buffer the destination holds: part buffers of open files and of parts waiting for
 * or being uploaded. Reserving never blocks (a buffer is already being written when it grows); the writer checks
 * {@link #used()} between records and relieves pressure (uploads a part or finishes a file early) or waits for
 * uploads to free memory with {@link #awaitRelease}. Thread-safe.
 */
public final class MemoryBudget {
  private final long limit;
  private long used;
  private long peak;

  public MemoryBudget(long limitBytes) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("The memory budget must be positive");
    }
    this.limit = limitBytes;
  }

  public long limit() {
    return limit;
  }

  public synchronized void reserve(long bytes) {
    used += bytes;
    peak = Math.max(peak, used);
  }

  public synchronized void release(long bytes) {
    used -= bytes;
    notifyAll();
  }

  public synchronized long used() {
    return used;
  }

  /** The most bytes reserved at once so far. */
  public synchronized long peak() {
    return peak;
  }

  /** Waits until some memory is released or {@code timeoutMillis} passed; true if memory was released. */
  public synchronized boolean awaitRelease(long timeoutMillis) throws InterruptedException {
    long before = used;
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (used >= before) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }
}
