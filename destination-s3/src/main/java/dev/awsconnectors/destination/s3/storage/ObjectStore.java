package dev.awsconnectors.destination.s3.storage;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The few bucket operations the destination needs, without SDK types: one bucket, keys relative to it. The S3
 * adapter applies the configured server-side encryption to every object it creates and classifies failures into
 * {@link dev.awsconnectors.commons.error.ConnectorException}s whose message names the operation and the IAM
 * permission involved.
 *
 * <p>Thread-safe: uploads run on several threads. Object creation is conditional ({@code If-None-Match: *}) where the
 * store supports it, so that a new object never replaces an existing one. Every call is retried by the connection's
 * one retry policy inside the SDK client (see {@link dev.awsconnectors.commons.aws.AwsClients}): a failure thrown
 * here is final.
 */
public interface ObjectStore extends AutoCloseable {

  /** An object to create: key, content type and user metadata ({@code x-amz-meta-*}, ASCII). */
  record NewObject(String key, String contentType, Map<String, String> metadata) {
    public NewObject {
      metadata = Map.copyOf(metadata);
    }
  }

  /** A listed object. */
  record ObjectInfo(String key, long size) {}

  /** One page of a listing: the first objects in key order, and whether more follow. */
  record Page(List<ObjectInfo> objects, boolean truncated) {
    public Page {
      objects = List.copyOf(objects);
    }
  }

  /** An uploaded part: its number (from 1) and ETag. */
  record Part(int number, String etag) {}

  /**
   * Creates a whole object in one request, conditionally where the store supports it.
   *
   * @throws ObjectExistsException if an object exists under the key (nothing is overwritten); also when the answer
   *     to an earlier attempt of this very request was lost and the SDK's retry found the object it had created
   * @throws ConditionalWritesUnsupportedException if the store refused the condition (nothing was written); later
   *     calls are unconditional, see {@link #conditionalWrites()}
   */
  void put(NewObject object, ObjectBody body);

  /** False once the store answered that it does not support conditional writes: creation may then overwrite. */
  boolean conditionalWrites();

  /** Starts a multipart upload and returns its id. */
  String startMultipart(NewObject object);

  /** Uploads one part and returns its ETag. */
  String uploadPart(String key, String uploadId, int partNumber, ObjectBody body);

  /**
   * Completes a multipart upload: the object becomes visible.
   *
   * @param parts in ascending part number
   * @throws ObjectExistsException if an object exists under the key (the upload is left open for the caller to abort)
   */
  void completeMultipart(String key, String uploadId, List<Part> parts);

  /** Aborts a multipart upload, freeing its parts; a missing upload is not an error. */
  void abortMultipart(String key, String uploadId);

  /** Every object whose key starts with {@code prefix}, streamed page by page (nothing is collected). */
  void list(String prefix, Consumer<ObjectInfo> each);

  /** The first objects (at most {@code maxKeys}, in key order) whose key starts with {@code prefix}: one request. */
  Page firstPage(String prefix, int maxKeys);

  /** The user metadata of an object, or empty if there is no object under the key. */
  Optional<Map<String, String>> metadata(String key);

  /** The content of a small object. */
  byte[] get(String key);

  /** Deletes objects, in batches of at most 1,000 keys a request; a key without object is not an error. */
  void delete(Collection<String> keys);

  @Override
  void close();
}
