package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.log.Progress;
import dev.awsconnectors.commons.state.StateLedger;
import dev.awsconnectors.destination.s3.storage.ObjectUpload;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files on their way to S3 after they were finished, and the aborts of discarded ones. When a file is stored it
 * acknowledges the file's records to the {@link StateLedger} (which echoes the states they complete at once), counts
 * it for its stream and the progress log; when an upload fails, the first failure is kept and fails the sync at the
 * writer's next call.
 *
 * <p>Lifecycle: {@link #track} and {@link #trackAbort} under the writer's state lock; {@link #throwIfFailed()} at
 * every call of the writer; {@link #awaitAll()} and {@link #abortPending()} holding no lock, at the end. The
 * callbacks run on the upload threads. Thread-safe.
 */
final class UploadTracker {
  private static final Logger LOG = LoggerFactory.getLogger(UploadTracker.class);

  private final StateLedger ledger;
  private final Progress progress;
  private final Clock clock;
  /** Finished files until their acknowledgement ran, and the files they are. */
  private final ConcurrentHashMap<CompletableFuture<?>, OpenFile> completing = new ConcurrentHashMap<>();
  private final Set<CompletableFuture<?>> aborting = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  UploadTracker(StateLedger ledger, Progress progress, Clock clock) {
    this.ledger = ledger;
    this.progress = progress;
    this.clock = clock;
  }

  /** Follows a finished file until it is stored; the acknowledgement is part of what {@link #awaitAll} waits for. */
  void track(OpenFile.Finished finished) {
    CompletableFuture<Void> acknowledged = finished.stored().handle((result, error) -> {
      if (error != null) {
        fail(error);
      } else {
        stored(finished, result);
      }
      return null;
    });
    completing.put(acknowledged, finished.file());
    acknowledged.whenComplete((v, e) -> completing.remove(acknowledged));
  }

  /** Follows the abort of a discarded file, so that closing waits for it. */
  void trackAbort(CompletableFuture<Void> aborted) {
    aborting.add(aborted);
    aborted.whenComplete((v, e) -> aborting.remove(aborted));
  }

  private void stored(OpenFile.Finished finished, ObjectUpload.Result result) {
    finished.file().stream.stored(result, finished.records(), finished.coercedValues());
    finished.groups().forEach(ledger::acknowledge);
    progress.add(finished.records(), result.bytes());
    LOG.info("Stored '{}': {} records, {} bytes in {} part(s), {} s after it was started", result.key(),
        finished.records(), result.bytes(), result.parts(), (clock.millis() - finished.file().openedAtMillis) / 1000);
  }

  /** Keeps the first failure; later ones are consequences of it or of the same cause. */
  void fail(Throwable error) {
    Throwable cause = ObjectUpload.cause(error);
    if (failure.compareAndSet(null, cause)) {
      LOG.error("An upload failed: {}", cause.getMessage());
    }
  }

  void throwIfFailed() {
    Throwable cause = failure.get();
    if (cause == null) {
      return;
    }
    if (cause instanceof ConnectorException ce) {
      throw ce;
    }
    throw new SystemErrorException("Writing to S3 failed: " + cause.getMessage(), cause);
  }

  /** Waits until every tracked upload and abort settled, then throws the first failure if any. */
  void awaitAll() {
    List<CompletableFuture<?>> pending;
    while (!(pending = all().stream().filter(f -> !f.isDone()).toList()).isEmpty()) {
      for (CompletableFuture<?> f : pending) {
        try {
          f.get();
        } catch (ExecutionException e) {
          fail(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SystemErrorException("Interrupted while waiting for uploads", e);
        }
      }
    }
    throwIfFailed();
  }

  /**
   * After a failure: aborts the uploads still completing (no partial object remains) and waits up to
   * {@code seconds} for them and for earlier aborts; returns how many it aborted.
   */
  int abortPending(long seconds) {
    int aborted = 0;
    for (var entry : List.copyOf(completing.entrySet())) {
      if (!entry.getKey().isDone()) {
        entry.getValue().discard();
        aborted++;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (CompletableFuture<?> f : all()) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // Failed uploads need no waiting; a timeout leaves the rest to the bucket's lifecycle rule.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return aborted;
  }

  private List<CompletableFuture<?>> all() {
    List<CompletableFuture<?>> all = new java.util.ArrayList<>(completing.keySet());
    all.addAll(aborting);
    return all;
  }
}
