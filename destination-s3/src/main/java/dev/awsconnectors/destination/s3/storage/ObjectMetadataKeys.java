package dev.awsconnectors.destination.s3.storage;

/**
 * The user metadata ({@code x-amz-meta-*}) stored with every object the destination writes. Overwrite deletes only
 * objects that carry the stream's tag and an older generation, so objects written by anything else are never
 * deleted.
 */
public final class ObjectMetadataKeys {
  /** The stream's generation, as Airbyte's destination-s3 stores it since 1.0. */
  public static final String GENERATION_ID = "ab-generation-id";
  /** The sync (job) id, when the platform sent one. */
  public static final String SYNC_ID = "ab-sync-id";
  /** A tag of the stream (a hash of namespace and name): which stream's overwrite may delete the object. */
  public static final String STREAM = "ab-stream";
  /** A random id of the file, to recognize our own object after an ambiguous (retried) request. */
  public static final String FILE_ID = "ab-file-id";

  private ObjectMetadataKeys() {}
}
