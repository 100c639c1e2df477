package dev.awsconnectors.destination.s3.generation;

import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.destination.s3.storage.ObjectStore;
import dev.awsconnectors.destination.s3.storage.S3Limits;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a stream's earlier objects after an overwrite, streamed so that memory does not grow with the number of
 * objects: the listing under the stream's constant prefix goes page by page; each key that matches the stream's key
 * pattern and was not written by this sync has its metadata read (HeadObject, at most {@code concurrency} at once);
 * those that {@link Truncation#decide} selects are deleted in batches of 1,000 keys (DeleteObjects). Objects without
 * this stream's tag (other streams, other tools, Airbyte's own connector) are never deleted.
 *
 * <p>Lifecycle: {@link #clean} once per stream, at the end of a sync, on the writer's thread (which lists and waits
 * for free slots; the reads and deletes run on the executor). No lock is held while S3 answers.
 */
public final class GenerationCleaner {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationCleaner.class);

  private final ObjectStore store;
  private final Executor executor;
  private final int concurrency;

  /**
   * @param executor runs the metadata reads and the deletes
   * @param concurrency the most metadata reads in flight at once
   */
  public GenerationCleaner(ObjectStore store, Executor executor, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("At least one request at a time");
    }
    this.store = store;
    this.executor = executor;
    this.concurrency = concurrency;
  }

  /**
   * One stream's cleanup.
   *
   * @param listingPrefix every key of the stream starts with it
   * @param keyPattern matches every key the stream's templates produce
   * @param writtenThisSync keys written by this sync (never deleted)
   */
  public record Plan(StreamDescriptor stream, String streamTag, Truncation truncation, String listingPrefix,
      Pattern keyPattern, Set<String> writtenThisSync) {}

  /** The counts of one cleanup. */
  public record Outcome(int deleted, int keptCurrent, int keptForeign, int notMatching) {}

  public Outcome clean(Plan plan) {
    Run run = new Run(plan);
    try {
      store.list(plan.listingPrefix(), o -> run.consider(o.key()));
    } finally {
      run.settle();
    }
    run.throwIfFailed();
    Outcome outcome = run.outcome();
    LOG.info("Overwrite of stream '{}': deleted {} earlier objects under '{}'{}; kept {} of the current generation, "
        + "{} not written by this connector for this stream, {} not matching the path pattern", plan.stream(),
        outcome.deleted(), plan.listingPrefix(), plan.truncation().kind() == Truncation.Kind.GENERATIONS_BELOW
            ? " (generations below " + plan.truncation().minimumGeneration() + ")" : "",
        outcome.keptCurrent(), outcome.keptForeign(), outcome.notMatching());
    return outcome;
  }

  /** The state of one cleanup: slots for reads in flight, the batch of keys to delete, counts, the first failure. */
  private final class Run {
    private final Plan plan;
    private final Semaphore slots = new Semaphore(concurrency);
    private final Map<Truncation.Decision, AtomicInteger> counts = new EnumMap<>(Truncation.Decision.class);
    private final AtomicInteger notMatching = new AtomicInteger();
    private final AtomicInteger deleted = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private List<String> batch = new ArrayList<>();

    Run(Plan plan) {
      this.plan = plan;
      for (Truncation.Decision d : Truncation.Decision.values()) {
        counts.put(d, new AtomicInteger());
      }
    }

    /** A listed key: read its metadata in the background once a slot is free; stops the listing after a failure. */
    void consider(String key) {
      throwIfFailed();
      if (plan.writtenThisSync().contains(key)) {
        return;
      }
      if (!plan.keyPattern().matcher(key).matches()) {
        notMatching.incrementAndGet();
        return;
      }
      slots.acquireUninterruptibly();
      CompletableFuture<Optional<Map<String, String>>> read;
      try {
        read = CompletableFuture.supplyAsync(() -> store.metadata(key), executor);
      } catch (RuntimeException e) {
        slots.release();
        throw e;
      }
      read.whenComplete((metadata, error) -> {
        try {
          if (error != null) {
            fail(error);
          } else {
            decided(key, metadata);
          }
        } catch (RuntimeException e) {
          fail(e);
        } finally {
          slots.release();
        }
      });
    }

    private void decided(String key, Optional<Map<String, String>> metadata) {
      if (metadata.isEmpty()) {
        return;
      }
      Truncation.Decision decision = plan.truncation().decide(metadata.get(), plan.streamTag());
      counts.get(decision).incrementAndGet();
      if (decision == Truncation.Decision.DELETE) {
        List<String> full = add(key);
        if (full != null) {
          delete(full);
        }
      }
    }

    /** Adds a key to the batch; returns the batch to delete when it is full (deleted outside the lock). */
    private synchronized List<String> add(String key) {
      batch.add(key);
      if (batch.size() < S3Limits.MAX_KEYS_PER_DELETE) {
        return null;
      }
      List<String> full = batch;
      batch = new ArrayList<>();
      return full;
    }

    private void delete(List<String> keys) {
      store.delete(keys);
      deleted.addAndGet(keys.size());
    }

    /** Waits for every read, then deletes the last batch unless something failed. */
    void settle() {
      slots.acquireUninterruptibly(concurrency);
      slots.release(concurrency);
      List<String> rest;
      synchronized (this) {
        rest = batch;
        batch = new ArrayList<>();
      }
      if (failure.get() == null && !rest.isEmpty()) {
        delete(rest);
      }
    }

    private void fail(Throwable error) {
      Throwable cause = error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
          ? c.getCause() : error;
      failure.compareAndSet(null, cause instanceof RuntimeException re ? re
          : new SystemErrorException("Reading an object's metadata failed: " + cause.getMessage(), cause));
    }

    void throwIfFailed() {
      RuntimeException e = failure.get();
      if (e != null) {
        throw e;
      }
    }

    Outcome outcome() {
      return new Outcome(deleted.get(), counts.get(Truncation.Decision.KEEP_CURRENT).get(),
          counts.get(Truncation.Decision.KEEP_NOT_THIS_STREAM).get(), notMatching.get());
    }
  }
}
