package dev.awsconnectors.destination.s3.storage;

import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.s3.storage.FileKeys.Use;
import dev.awsconnectors.destination.s3.storage.ObjectStore.NewObject;
import dev.awsconnectors.destination.s3.storage.ObjectStore.Part;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one file while it is being written. Full parts arrive from the file's {@link PartOutputStream} and upload
 * concurrently (the multipart upload starts with the first part); {@link #complete} uploads the last part and
 * completes the upload, or, for a file smaller than one part, sends the whole file with a single PutObject. The key
 * is claimed from {@link FileKeys} when the first request is about to be sent. Every S3 call is retried by the
 * connection's retry policy inside the SDK; nothing here retries.
 *
 * <p>A new object never replaces an existing one, and a file is never stored twice. Creation is conditional. When
 * the answer to a PutObject or CompleteMultipartUpload is lost, the SDK's retry finds the key taken (412, or
 * NoSuchUpload for a completed upload); the object is then recognized as this file by the random file id stored in
 * its metadata ({@link ObjectMetadataKeys#FILE_ID}), read with a HeadObject that the same policy retries. If that
 * read keeps failing, the upload fails with a transient error: it never guesses, so it never writes the records again
 * under another key. A key taken by another object sends a PutObject to a checked free key; a multipart upload,
 * whose parts cannot move, is aborted and fails.
 *
 * <p>Lifecycle: {@link #part} any number of times and {@link #complete} at most once, on the writer's thread, never
 * blocking; {@link #abort()} at any time after a failure. Buffers handed over are released once uploaded or
 * abandoned, and each counts as one part in flight in the {@link UploadPool} until then.
 */
public final class ObjectUpload implements PartOutputStream.PartSink {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectUpload.class);
  private static final int MAX_RENAMES = 50;

  /** What was stored: the key, bytes and parts. */
  public record Result(String key, long bytes, int parts) {}

  /** A started multipart upload. */
  private record Started(String key, String uploadId) {}

  /** The outcome of one PutObject attempt: stored, or the key was another object's. */
  private record PutOutcome(Result stored, String takenKey) {}

  private final ObjectStore store;
  private final UploadPool pool;
  private final Executor executor;
  private final FileKeys.Directory keys;
  private final Instant createdAt;
  private final String syncId;
  private final String contentType;
  private final Map<String, String> metadata;
  private final String fileId;
  private final List<CompletableFuture<Part>> parts = Collections.synchronizedList(new ArrayList<>());
  private CompletableFuture<Started> started;
  private long bytes;
  private volatile String key;
  private volatile boolean aborted;
  private volatile boolean completed;

  /**
   * @param keys where the file goes; its key is claimed when the first request is sent
   * @param createdAt the file's creation time, for the name's date and timestamp placeholders
   * @param metadata the object's user metadata; it must hold {@link ObjectMetadataKeys#FILE_ID}
   */
  public ObjectUpload(ObjectStore store, UploadPool pool, FileKeys.Directory keys, Instant createdAt, String syncId,
      String contentType, Map<String, String> metadata) {
    this.store = store;
    this.pool = pool;
    this.executor = pool.executor();
    this.keys = keys;
    this.createdAt = createdAt;
    this.syncId = syncId;
    this.contentType = contentType;
    this.metadata = Map.copyOf(metadata);
    this.fileId = Objects.requireNonNull(metadata.get(ObjectMetadataKeys.FILE_ID), "file id");
  }

  /** The key, once claimed; for messages. */
  public String key() {
    String k = key;
    return k != null ? k : "(a new file, key not chosen yet)";
  }

  /** Uploads a full part in the background; never blocks (see {@link UploadPool#awaitCapacity()}). */
  @Override
  public void part(int partNumber, PartBuffer part) {
    if (aborted) {
      part.release();
      throw new CancellationException("The upload of " + key() + " was aborted");
    }
    if (started == null) {
      started = keys.claim(createdAt, syncId, Use.MULTIPART).thenApplyAsync(k -> {
        key = k;
        return new Started(k, store.startMultipart(newObject(k)));
      }, executor);
    }
    bytes += part.length();
    Runnable release = releaseOnce(part);
    // Runs also when the upload could not start, so that the buffer goes back before the part's future completes.
    CompletableFuture<Part> uploaded = started.handleAsync((s, failedStart) -> {
      try {
        if (failedStart != null) {
          throw failedStart instanceof CompletionException c ? c : new CompletionException(failedStart);
        }
        if (aborted) {
          throw new CancellationException("aborted");
        }
        return new Part(partNumber, store.uploadPart(s.key(), s.uploadId(), partNumber, part));
      } finally {
        release.run();
      }
    }, executor);
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
    if (started == null) {
      PartBuffer body = last != null ? last : new PartBuffer(new MemoryBudget(1));
      Runnable release = releaseOnce(body);
      return putWhole(keys.claim(createdAt, syncId, Use.PUT), body, 0).whenComplete((r, e) -> release.run());
    }
    if (last != null && last.length() > 0) {
      part(lastPartNumber, last);
    } else if (last != null) {
      last.release();
    }
    List<CompletableFuture<Part>> all = List.copyOf(parts);
    long total = bytes;
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApplyAsync(v -> {
          if (aborted) {
            throw new CancellationException("aborted");
          }
          List<Part> uploaded = all.stream().map(CompletableFuture::join)
              .sorted(Comparator.comparingInt(Part::number)).toList();
          Started s = started.join();
          completeMultipart(s, uploaded);
          completed = true;
          return new Result(s.key(), total, uploaded.size());
        }, executor)
        .whenComplete((result, error) -> {
          if (error != null) {
            // Every part has settled (allOf waited for all), so no part can land after the abort.
            abortMultipart();
          }
        });
  }

  /**
   * Abandons the upload: parts not yet sent are dropped and a started multipart upload is aborted once the parts in
   * flight settled (S3 may keep a part that lands after the abort), so that no partial object remains. Never blocks.
   *
   * @return completes when the abort is done (or was not needed)
   */
  public CompletableFuture<Void> abort() {
    aborted = true;
    if (started == null) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<Part>> all;
    synchronized (parts) {
      all = List.copyOf(parts);
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((v, e) -> null)
        .thenRunAsync(this::abortMultipart, executor);
  }

  private NewObject newObject(String k) {
    return new NewObject(k, contentType, metadata);
  }

  private void abortMultipart() {
    if (completed || started == null || !started.isDone() || started.isCompletedExceptionally()) {
      return;
    }
    Started s = started.join();
    try {
      store.abortMultipart(s.key(), s.uploadId());
      LOG.info("Aborted the unfinished upload of '{}'", s.key());
    } catch (RuntimeException e) {
      LOG.warn("Could not abort the multipart upload {} of '{}'; a bucket lifecycle rule for incomplete multipart "
          + "uploads cleans such parts up: {}", s.uploadId(), s.key(), e.getMessage());
    }
  }

  /** PutObject to {@code claimed}, then to checked keys while the keys turn out to be other objects'. */
  private CompletableFuture<Result> putWhole(CompletableFuture<String> claimed, PartBuffer body, int renames) {
    return claimed.thenApplyAsync(k -> {
      key = k;
      return putOnce(k, body);
    }, executor).thenCompose(outcome -> {
      if (outcome.stored() != null) {
        completed = true;
        return CompletableFuture.completedFuture(outcome.stored());
      }
      if (renames >= MAX_RENAMES) {
        return CompletableFuture.failedFuture(new TransientErrorException(MAX_RENAMES + " keys in a row were taken "
            + "by other objects, the last '" + outcome.takenKey() + "'; is another writer using this path?"));
      }
      keys.clashed();
      LOG.warn("An object this sync did not write exists under '{}': the file goes under another key",
          outcome.takenKey());
      return putWhole(keys.claim(createdAt, syncId, Use.AFTER_CLASH), body, renames + 1);
    });
  }

  private PutOutcome putOnce(String k, PartBuffer body) {
    Result stored = new Result(k, body.length(), 1);
    try {
      store.put(newObject(k), body);
      return new PutOutcome(stored, null);
    } catch (ObjectExistsException e) {
      return isOurs(k, e) ? new PutOutcome(stored, null) : new PutOutcome(null, k);
    } catch (ConditionalWritesUnsupportedException e) {
      // Nothing was written and later writes are unconditional: write only if the key is free.
      if (store.metadata(k).isPresent()) {
        return new PutOutcome(null, k);
      }
      store.put(newObject(k), body);
      return new PutOutcome(stored, null);
    } catch (RuntimeException e) {
      // The retries gave up: an earlier attempt may still have stored the object.
      if (isOurs(k, e)) {
        return new PutOutcome(stored, null);
      }
      throw e;
    }
  }

  private void completeMultipart(Started s, List<Part> uploaded) {
    try {
      store.completeMultipart(s.key(), s.uploadId(), uploaded);
    } catch (RuntimeException e) {
      // A lost answer: the retry finds the key taken (412) or the upload gone (NoSuchUpload) because it completed.
      if (isOurs(s.key(), e)) {
        return;
      }
      if (e instanceof ObjectExistsException) {
        keys.clashed();
        throw new TransientErrorException("Another writer created an object under '" + s.key() + "' while this "
            + "sync was uploading it. Nothing was overwritten; the upload was aborted. Run the sync again.", e);
      }
      throw e;
    }
  }

  /**
   * True if the object under {@code k} is this file (an earlier attempt of the failed request succeeded). Reads the
   * object's metadata; if that fails, the original failure stands, and a 412 becomes a transient error rather than a
   * guess in either direction.
   */
  private boolean isOurs(String k, RuntimeException failure) {
    Optional<Map<String, String>> found;
    try {
      found = store.metadata(k);
    } catch (RuntimeException headFailure) {
      if (failure instanceof ObjectExistsException) {
        if (headFailure instanceof ConnectorException ce && !(ce instanceof TransientErrorException)) {
          throw ce;
        }
        throw new TransientErrorException("S3 answered that an object exists under '" + k + "' (HTTP 412), and "
            + "reading its metadata to tell whether it is this file (stored by an attempt whose answer was lost) "
            + "failed: " + headFailure.getMessage() + " Nothing was written again; running the sync again is safe.",
            headFailure);
      }
      failure.addSuppressed(headFailure);
      throw failure;
    }
    return found.isPresent() && fileId.equals(found.get().get(ObjectMetadataKeys.FILE_ID));
  }

  /** Frees a buffer and its count in flight exactly once, whichever path gets there first. */
  private Runnable releaseOnce(PartBuffer buffer) {
    pool.partQueued();
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        buffer.release();
        pool.partDone();
      }
    };
  }

  /** Unwraps the cause of a failed upload future. */
  public static Throwable cause(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
