package dev.awsconnectors.destination.s3.support;

import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.destination.s3.storage.ConditionalWritesUnsupportedException;
import dev.awsconnectors.destination.s3.storage.ObjectBody;
import dev.awsconnectors.destination.s3.storage.ObjectExistsException;
import dev.awsconnectors.destination.s3.storage.ObjectStore;
import dev.awsconnectors.destination.s3.storage.S3Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An {@link ObjectStore} in memory with S3's rules that matter (conditional creation, non-final parts of at least
 * 5 MiB unless relaxed, abort) and hooks for fault and timing tests: fail an operation, hold completions until
 * released, record every request.
 */
public final class InMemoryObjectStore implements ObjectStore {
  public enum Op { PUT, START, PART, COMPLETE, ABORT, LIST, HEAD, GET, DELETE }

  public record Stored(byte[] bytes, Map<String, String> metadata, String contentType) {}

  private record Upload(String key, Map<String, String> metadata, String contentType, Map<Integer, byte[]> parts) {}

  private final NavigableMap<String, Stored> objects = new TreeMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Map<Op, ConcurrentLinkedQueue<RuntimeException>> failures = new ConcurrentHashMap<>();
  private final Map<Op, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile Semaphore completionGate;
  private volatile Semaphore partGate;
  private final AtomicInteger waiting = new AtomicInteger();
  private final Map<Op, ConcurrentLinkedQueue<RuntimeException>> failuresAfter = new ConcurrentHashMap<>();
  private volatile long minPartSize = S3Limits.MIN_PART_SIZE;
  private volatile boolean conditional = true;
  private volatile boolean refuseConditional;
  private volatile boolean closed;

  /** Accept small non-final parts, for tests with tiny parts. */
  public InMemoryObjectStore relaxPartSize(long minimum) {
    this.minPartSize = minimum;
    return this;
  }

  /**
   * Behave like a store that refuses conditional writes: the first conditional PutObject is answered as S3-compatible
   * stores without them answer (501, nothing written), later writes are unconditional.
   */
  public InMemoryObjectStore refusingConditionalWrites() {
    this.refuseConditional = true;
    return this;
  }

  /** Behave like a store without conditional writes: creation replaces existing objects silently. */
  public InMemoryObjectStore withoutConditionalWrites() {
    this.conditional = false;
    return this;
  }

  /** The next {@code op} fails with {@code error} (queued: several calls queue several failures). */
  public void failNext(Op op, RuntimeException error) {
    failures.computeIfAbsent(op, o -> new ConcurrentLinkedQueue<>()).add(error);
  }

  /** Holds every PutObject and CompleteMultipartUpload until {@link #releaseCompletions} lets them through. */
  public void holdCompletions() {
    completionGate = new Semaphore(0);
  }

  /** Holds every UploadPart until {@link #releaseParts} lets it through. */
  public void holdParts() {
    partGate = new Semaphore(0);
  }

  public void releaseParts() {
    Semaphore gate = partGate;
    partGate = null;
    if (gate != null) {
      gate.release(100_000);
    }
  }

  /** Requests waiting at a gate now. */
  public int waitingAtGate() {
    return waiting.get();
  }

  /** The next {@code op} does its work, then fails with {@code error} (an ambiguous outcome). */
  public void failAfterNext(Op op, RuntimeException error) {
    failuresAfter.computeIfAbsent(op, o -> new ConcurrentLinkedQueue<>()).add(error);
  }

  private void after(Op op) {
    ConcurrentLinkedQueue<RuntimeException> queue = failuresAfter.get(op);
    RuntimeException failure = queue == null ? null : queue.poll();
    if (failure != null) {
      throw failure;
    }
  }

  public void releaseCompletions(int count) {
    completionGate.release(count);
  }

  public void releaseAllCompletions() {
    Semaphore gate = completionGate;
    completionGate = null;
    if (gate != null) {
      gate.release(100_000);
    }
  }

  public int count(Op op) {
    return counts.computeIfAbsent(op, o -> new AtomicInteger()).get();
  }

  public synchronized Map<String, Stored> objects() {
    return Map.copyOf(objects);
  }

  public synchronized Optional<Stored> object(String key) {
    return Optional.ofNullable(objects.get(key));
  }

  /** Adds an object as if another writer (or an earlier sync) had written it. */
  public synchronized void seed(String key, byte[] bytes, Map<String, String> metadata) {
    objects.put(key, new Stored(bytes, Map.copyOf(metadata), "application/octet-stream"));
  }

  public int openUploads() {
    return uploads.size();
  }

  public List<String> log() {
    return List.copyOf(log);
  }

  public boolean closed() {
    return closed;
  }

  private void before(Op op, String detail) {
    counts.computeIfAbsent(op, o -> new AtomicInteger()).incrementAndGet();
    log.add(op + " " + detail);
    ConcurrentLinkedQueue<RuntimeException> queue = failures.get(op);
    RuntimeException failure = queue == null ? null : queue.poll();
    if (failure != null) {
      throw failure;
    }
  }

  private void gate() {
    pass(completionGate);
  }

  private void pass(Semaphore gate) {
    if (gate != null) {
      waiting.incrementAndGet();
      try {
        gate.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        waiting.decrementAndGet();
      }
    }
  }

  @Override
  public void put(NewObject object, ObjectBody body) {
    before(Op.PUT, object.key());
    if (refuseConditional && conditional) {
      conditional = false;
      throw new ConditionalWritesUnsupportedException(object.key(), null);
    }
    byte[] bytes = read(body);
    gate();
    synchronized (this) {
      if (conditional && objects.containsKey(object.key())) {
        throw new ObjectExistsException(object.key(), null);
      }
      objects.put(object.key(), new Stored(bytes, object.metadata(), object.contentType()));
    }
    after(Op.PUT);
  }

  @Override
  public boolean conditionalWrites() {
    return conditional;
  }

  @Override
  public String startMultipart(NewObject object) {
    before(Op.START, object.key());
    String id = "upload-" + ids.incrementAndGet();
    uploads.put(id, new Upload(object.key(), object.metadata(), object.contentType(), new ConcurrentHashMap<>()));
    return id;
  }

  @Override
  public String uploadPart(String key, String uploadId, int partNumber, ObjectBody body) {
    before(Op.PART, key + " #" + partNumber);
    pass(partGate);
    Upload upload = uploads.get(uploadId);
    if (upload == null) {
      throw new SystemErrorException("NoSuchUpload " + uploadId);
    }
    upload.parts().put(partNumber, read(body));
    return "etag-" + partNumber;
  }

  @Override
  public void completeMultipart(String key, String uploadId, List<Part> parts) {
    before(Op.COMPLETE, key);
    gate();
    Upload upload = uploads.get(uploadId);
    if (upload == null) {
      throw new SystemErrorException("NoSuchUpload " + uploadId);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < parts.size(); i++) {
      byte[] part = upload.parts().get(parts.get(i).number());
      if (part == null) {
        throw new SystemErrorException("InvalidPart " + parts.get(i).number());
      }
      if (i < parts.size() - 1 && part.length < minPartSize) {
        throw new SystemErrorException("EntityTooSmall: part " + parts.get(i).number() + " has " + part.length
            + " bytes");
      }
      if (i > 0 && parts.get(i).number() <= parts.get(i - 1).number()) {
        throw new SystemErrorException("InvalidPartOrder");
      }
      out.writeBytes(part);
    }
    synchronized (this) {
      if (conditional && objects.containsKey(key)) {
        throw new ObjectExistsException(key, null);
      }
      objects.put(key, new Stored(out.toByteArray(), upload.metadata(), upload.contentType()));
    }
    uploads.remove(uploadId);
    after(Op.COMPLETE);
  }

  @Override
  public void abortMultipart(String key, String uploadId) {
    before(Op.ABORT, key);
    uploads.remove(uploadId);
  }

  @Override
  public void list(String prefix, Consumer<ObjectInfo> each) {
    before(Op.LIST, prefix);
    List<ObjectInfo> found = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<String, Stored> e : objects.tailMap(prefix, true).entrySet()) {
        if (!e.getKey().startsWith(prefix)) {
          break;
        }
        found.add(new ObjectInfo(e.getKey(), e.getValue().bytes().length));
      }
    }
    found.forEach(each);
  }

  @Override
  public Page firstPage(String prefix, int maxKeys) {
    before(Op.LIST, prefix);
    List<ObjectInfo> found = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<String, Stored> e : objects.tailMap(prefix, true).entrySet()) {
        if (!e.getKey().startsWith(prefix)) {
          break;
        }
        if (found.size() == maxKeys) {
          return new Page(found, true);
        }
        found.add(new ObjectInfo(e.getKey(), e.getValue().bytes().length));
      }
    }
    return new Page(found, false);
  }

  @Override
  public Optional<Map<String, String>> metadata(String key) {
    before(Op.HEAD, key);
    return object(key).map(Stored::metadata);
  }

  @Override
  public byte[] get(String key) {
    before(Op.GET, key);
    return object(key).map(Stored::bytes).orElseThrow(() -> new SystemErrorException("NoSuchKey " + key));
  }

  @Override
  public void delete(Collection<String> keys) {
    before(Op.DELETE, String.valueOf(keys.size()));
    if (keys.size() > S3Limits.MAX_KEYS_PER_DELETE) {
      throw new SystemErrorException("MalformedXML: more than 1000 keys in one DeleteObjects");
    }
    synchronized (this) {
      keys.forEach(objects::remove);
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  private static byte[] read(ObjectBody body) {
    try (InputStream in = body.open()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length != body.length()) {
        throw new IllegalStateException("Body length " + body.length() + " but " + bytes.length + " bytes read");
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
