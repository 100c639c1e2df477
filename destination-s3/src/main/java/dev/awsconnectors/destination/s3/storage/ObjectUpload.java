package dev.awsconnectors.destination.s3.storage;

import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.s3.storage.ObjectStore.NewObject;
import dev.awsconnectors.destination.s3.storage.ObjectStore.Part;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one object while it is being written. Full parts arrive from the file's {@link PartOutputStream} and are
 * uploaded concurrently (the multipart upload starts with the first part); {@link #complete} uploads the last part
 * and completes the upload, or, for a file smaller than one part, sends the whole file with a single PutObject.
 *
 * <p>A new object never replaces an existing one: creation is conditional. If a PutObject finds the key taken, the
 * file goes under the next free key; if a completion finds it taken, the upload is aborted and fails (the parts
 * cannot be moved). An ambiguous outcome (a retried request that had already succeeded) is recognized by the file id
 * stored in the object's metadata.
 *
 * <p>Lifecycle: {@link #part} any number of times and {@link #complete} once, on the writer's thread;
 * {@link #abort()} at any time after a failure. Buffers handed over are released once uploaded or abandoned.
 */
public final class ObjectUpload implements PartOutputStream.PartSink {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectUpload.class);
  private static final int MAX_RENAMES = 50;

  /** What was stored: the final key (it differs from the planned one after a clash), bytes and parts. */
  public record Result(String key, long bytes, int parts) {}

  private final ObjectStore store;
  private final UploadPool pool;
  private final Retrier retrier;
  private final UnaryOperator<String> nextFreeKey;
  private final String fileId;
  private NewObject object;
  private CompletableFuture<String> uploadId;
  private final List<CompletableFuture<Part>> parts = new ArrayList<>();
  private long bytes;
  private volatile boolean aborted;
  private volatile boolean completed;

  /**
   * @param object the planned key, content type and metadata (it must hold {@link ObjectMetadataKeys#FILE_ID})
   * @param nextFreeKey gives another free key when the planned one turns out to be taken
   */
  public ObjectUpload(ObjectStore store, UploadPool pool, Retrier retrier, NewObject object,
      UnaryOperator<String> nextFreeKey) {
    this.store = store;
    this.pool = pool;
    this.retrier = retrier;
    this.object = object;
    this.nextFreeKey = nextFreeKey;
    this.fileId = Objects.requireNonNull(object.metadata().get(ObjectMetadataKeys.FILE_ID), "file id");
  }

  public String key() {
    return object.key();
  }

  /** Uploads a full part in the background; waits while too many parts are in flight. */
  @Override
  public void part(int partNumber, PartBuffer part) {
    if (aborted) {
      part.release();
      throw new CancellationException("The upload of '" + object.key() + "' was aborted");
    }
    pool.acquireSlot();
    String key = object.key();
    if (uploadId == null) {
      NewObject planned = object;
      uploadId = pool.supply(() -> retrier.call("starting the upload of '" + key + "'",
          () -> store.startMultipart(planned)));
    }
    bytes += part.length();
    Runnable release = releaseOnce(part);
    CompletableFuture<Part> uploaded = uploadId.thenApplyAsync(id -> {
      try {
        if (aborted) {
          throw new CancellationException("aborted");
        }
        String etag = retrier.call("uploading part " + partNumber + " of '" + key + "'",
            () -> store.uploadPart(key, id, partNumber, part));
        return new Part(partNumber, etag);
      } finally {
        release.run();
      }
    }, pool.executor());
    // When the upload could not start, the task above never runs.
    uploaded.whenComplete((p, e) -> release.run());
    parts.add(uploaded);
  }

  /**
   * Uploads the last part (which may be small) and completes the object.
   *
   * @param lastPartNumber the number the last part gets if it is uploaded as a part
   * @param last the rest of the file; null or empty if the file ended exactly on a part boundary
   * @return completes when the object is visible under {@link Result#key()}, or exceptionally
   */
  public CompletableFuture<Result> complete(int lastPartNumber, PartBuffer last) {
    if (uploadId == null) {
      PartBuffer body = last != null ? last : new PartBuffer(new MemoryBudget(1));
      pool.acquireSlot();
      Runnable release = releaseOnce(body);
      CompletableFuture<Result> put = pool.supply(() -> {
        try {
          return putWhole(body);
        } finally {
          release.run();
        }
      });
      put.whenComplete((r, e) -> release.run());
      return put;
    }
    if (last != null && last.length() > 0) {
      part(lastPartNumber, last);
    } else if (last != null) {
      last.release();
    }
    List<CompletableFuture<Part>> all = List.copyOf(parts);
    String key = object.key();
    long total = bytes;
    CompletableFuture<Result> done = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApplyAsync(v -> {
          if (aborted) {
            throw new CancellationException("aborted");
          }
          List<Part> uploaded = all.stream().map(CompletableFuture::join)
              .sorted(Comparator.comparingInt(Part::number)).toList();
          String id = uploadId.join();
          completeMultipart(key, id, uploaded);
          completed = true;
          return new Result(key, total, uploaded.size());
        }, pool.executor())
        .handle((result, error) -> {
          if (error != null) {
            // Every part has settled (allOf waits for all), so no part can land after the abort.
            abortQuietly();
            throw error instanceof CompletionException c ? c : new CompletionException(error);
          }
          return result;
        });
    return done;
  }

  /**
   * Abandons the upload: parts not yet sent are dropped and a started multipart upload is aborted, so that no
   * partial object appears. Waits a little for parts in flight, as S3 may keep a part that finishes after the abort.
   */
  public void abort() {
    aborted = true;
    for (CompletableFuture<Part> p : List.copyOf(parts)) {
      try {
        p.get(60, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // Failed or cancelled parts need no waiting.
      }
    }
    abortQuietly();
  }

  private void abortQuietly() {
    if (completed || uploadId == null || !uploadId.isDone() || uploadId.isCompletedExceptionally()) {
      return;
    }
    String id = uploadId.join();
    try {
      retrier.run("aborting the upload of '" + object.key() + "'", () -> store.abortMultipart(object.key(), id));
      LOG.info("Aborted the unfinished upload of '{}'", object.key());
    } catch (RuntimeException e) {
      LOG.warn("Could not abort the multipart upload {} of '{}'; a bucket lifecycle rule for incomplete multipart "
          + "uploads cleans such parts up: {}", id, object.key(), e.getMessage());
    }
  }

  private Result putWhole(PartBuffer body) {
    for (int renames = 0;; renames++) {
      NewObject target = object;
      try {
        retrier.run("uploading '" + target.key() + "'", () -> store.put(target, body));
        completed = true;
        return new Result(target.key(), body.length(), 1);
      } catch (RuntimeException e) {
        if (isOurs(target.key())) {
          completed = true;
          return new Result(target.key(), body.length(), 1);
        }
        if (!(e instanceof ObjectExistsException) || renames >= MAX_RENAMES) {
          throw e;
        }
        String next = nextFreeKey.apply(target.key());
        LOG.warn("An object appeared under '{}' since this sync listed it; writing '{}' instead", target.key(),
            next);
        object = new NewObject(next, target.contentType(), target.metadata());
      }
    }
  }

  private void completeMultipart(String key, String id, List<Part> uploaded) {
    try {
      retrier.run("completing the upload of '" + key + "'", () -> store.completeMultipart(key, id, uploaded));
    } catch (RuntimeException e) {
      if (isOurs(key)) {
        return;
      }
      if (e instanceof ObjectExistsException) {
        throw new TransientErrorException("Another writer created an object under '" + key + "' while this sync "
            + "was uploading it. Nothing was overwritten; the upload was aborted. Run the sync again.", e);
      }
      throw e;
    }
  }

  /** True if the object under {@code key} is this file (an earlier attempt of the same request succeeded). */
  private boolean isOurs(String key) {
    try {
      Optional<Map<String, String>> metadata = store.metadata(key);
      return metadata.isPresent() && fileId.equals(metadata.get().get(ObjectMetadataKeys.FILE_ID));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Frees a buffer and its upload slot exactly once, whichever path gets there first. */
  private Runnable releaseOnce(PartBuffer buffer) {
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        buffer.release();
        pool.releaseSlot();
      }
    };
  }

  /** Unwraps the cause of a failed upload future. */
  public static Throwable cause(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
