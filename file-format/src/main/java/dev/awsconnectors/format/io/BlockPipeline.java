package dev.awsconnectors.format.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Compresses the blocks of one file on a few threads of its own and hands each result back, in the order the blocks
 * were submitted, to the thread that writes the file. The bytes of the file therefore depend only on its blocks,
 * never on the number of threads or their timing.
 *
 * <p>Lifecycle, all on the writing thread (or one thread at a time): {@link #submit} any number of times, then
 * {@link #finish()} once. With one thread (or fewer) every block is compressed inline by {@code submit} and no thread
 * is ever started. Otherwise the threads start with the first block and end when {@code finish()} returns or when a
 * call fails (a failed compression, a failed write, an interrupt): the pipeline is then closed and every later call
 * throws the same failure. A pipeline abandoned by a caller that failed elsewhere needs no call either: its threads
 * are idle daemon threads and end by themselves after {@link #KEEP_ALIVE_SECONDS}.
 *
 * <p>Memory: at most {@code maxInFlight} blocks are submitted and not yet delivered; {@code submit} waits for the
 * oldest one when the limit is reached. There is no other queue.
 *
 * @param <B> a block: its input, and after compression its output
 */
public final class BlockPipeline<B> {
  /** Seconds an idle compression thread waits for a block before it ends (a pipeline nobody finishes). */
  public static final long KEEP_ALIVE_SECONDS = 2;

  /**
   * Compresses blocks, one at a time: the pipeline makes one per thread that compresses at the same time (a deflater
   * or a codec keeps state between blocks) and reuses it, and releases the idle ones when it ends.
   */
  @FunctionalInterface
  public interface Compressor<B> {
    /** Compresses {@code block}; runs on a compression thread and touches nothing but the block and itself. */
    void compress(B block) throws Exception;

    /** Frees what the compressor holds outside the heap; called once, when no thread uses it any more. */
    default void release() {}
  }

  /** Receives each compressed block, in submission order, on the writing thread. */
  @FunctionalInterface
  public interface Delivery<B> {
    void deliver(B block) throws IOException;
  }

  private record Pending<B>(B block, long inputBytes, Future<B> result) {}

  private final int threads;
  private final int maxInFlight;
  private final String threadName;
  private final Supplier<Compressor<B>> compressors;
  private final ConcurrentLinkedQueue<Compressor<B>> idle = new ConcurrentLinkedQueue<>();
  private final Delivery<B> delivery;
  private final Duration keepAlive;
  private final ArrayDeque<Pending<B>> inFlight = new ArrayDeque<>();
  /** The compression threads started and perhaps not ended yet, joined when the pipeline stops. */
  private final Queue<Thread> started = new ConcurrentLinkedQueue<>();
  private ThreadPoolExecutor executor;
  private long inFlightInput;
  private IOException failure;
  private boolean finished;

  /**
   * @param threads compression threads; 1 or fewer compresses on the calling thread
   * @param maxInFlight blocks submitted and not yet delivered, at most (at least 1)
   * @param threadName the name of the compression threads (for thread dumps and profiles)
   * @param compressors makes a compressor when every one made so far is busy
   */
  public BlockPipeline(int threads, int maxInFlight, String threadName, Supplier<Compressor<B>> compressors,
      Delivery<B> delivery) {
    this(threads, maxInFlight, threadName, compressors, delivery, Duration.ofSeconds(KEEP_ALIVE_SECONDS));
  }

  BlockPipeline(int threads, int maxInFlight, String threadName, Supplier<Compressor<B>> compressors,
      Delivery<B> delivery, Duration keepAlive) {
    this.keepAlive = keepAlive;
    this.threads = Math.max(1, threads);
    this.maxInFlight = Math.max(1, maxInFlight);
    this.threadName = threadName;
    this.compressors = compressors;
    this.delivery = delivery;
  }

  /**
   * Compresses {@code block} and delivers it after every block submitted before it; delivers the blocks that are
   * ready, and waits for the oldest one if {@code maxInFlight} blocks are pending.
   *
   * @param inputBytes the block's uncompressed size, for {@link #pendingInputBytes()}
   */
  public void submit(B block, long inputBytes) throws IOException {
    checkUsable();
    try {
      if (threads == 1) {
        compress(block);
        delivery.deliver(block);
        return;
      }
      while (inFlight.size() >= maxInFlight) {
        deliverOldest();
      }
      inFlight.addLast(new Pending<>(block, inputBytes, executor().submit(() -> {
        compress(block);
        return block;
      })));
      inFlightInput += inputBytes;
      while (!inFlight.isEmpty() && inFlight.peekFirst().result().isDone()) {
        deliverOldest();
      }
    } catch (Exception e) {
      throw fail(e);
    }
  }

  /** Delivers every pending block and ends the threads; the pipeline cannot be used afterwards. */
  public void finish() throws IOException {
    checkUsable();
    try {
      while (!inFlight.isEmpty()) {
        deliverOldest();
      }
    } catch (Exception e) {
      throw fail(e);
    }
    finished = true;
    stopThreads();
  }

  private void compress(B block) throws Exception {
    Compressor<B> compressor = idle.poll();
    if (compressor == null) {
      compressor = compressors.get();
    }
    try {
      compressor.compress(block);
    } finally {
      idle.add(compressor);
    }
  }

  /** The uncompressed bytes of the blocks submitted and not yet delivered. */
  public long pendingInputBytes() {
    return inFlightInput;
  }

  /** Whether compression threads are running (they start with the first block, with more than one thread). */
  boolean hasThreads() {
    return executor != null && !executor.isTerminated();
  }

  private void deliverOldest() throws Exception {
    Pending<B> oldest = inFlight.peekFirst();
    B block;
    try {
      block = oldest.result().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    inFlight.removeFirst();
    inFlightInput -= oldest.inputBytes();
    delivery.deliver(block);
  }

  private ThreadPoolExecutor executor() {
    if (executor == null) {
      AtomicInteger number = new AtomicInteger();
      ThreadFactory factory = task -> {
        Thread thread = new Thread(task, threadName + "-" + number.incrementAndGet());
        thread.setDaemon(true); // an abandoned pipeline never keeps the JVM alive
        started.removeIf(t -> !t.isAlive()); // threads that timed out idle: the queue stays as short as the pool
        started.add(thread);
        return thread;
      };
      executor = new ThreadPoolExecutor(threads, threads, keepAlive.toMillis(), TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(maxInFlight), factory);
      executor.allowCoreThreadTimeOut(true);
    }
    return executor;
  }

  private void checkUsable() throws IOException {
    if (failure != null) {
      throw new IOException("The file's writer failed earlier: " + failure.getMessage(), failure);
    }
    if (finished) {
      throw new IOException("The block pipeline is finished");
    }
  }

  /** Closes the pipeline after a failure and returns what the caller throws. */
  private IOException fail(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      failure = new InterruptedIOException("Interrupted while waiting for a compressed block");
    } else if (e instanceof IOException io) {
      failure = io;
    } else {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e; // an Error
      failure = new IOException("Compressing a block failed: " + cause, cause);
    }
    for (Pending<B> pending : inFlight) {
      pending.result().cancel(true);
    }
    inFlight.clear();
    inFlightInput = 0;
    stopThreads();
    return failure;
  }

  /**
   * Ends the threads (idle or interrupted, they end within moments; awaited so that none outlives the pipeline), then
   * releases the compressors. The executor counts as terminated while its last thread is still on its way out, so
   * the threads are joined too.
   */
  private void stopThreads() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(30, TimeUnit.SECONDS); // a block takes milliseconds; daemon threads in any case
        for (Thread thread : started) {
          thread.join(TimeUnit.SECONDS.toMillis(30));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Compressor<B> compressor;
    while ((compressor = idle.poll()) != null) {
      compressor.release();
    }
  }
}
