package dev.awsconnectors.destination.s3.storage;

/**
 * Amazon S3's limits that shape uploads, in one place.
 *
 * <p>Multipart: https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html (part size 5 MiB to 5 GiB, the
 * last part may be smaller; at most 10,000 parts; objects up to 5 TiB). Keys:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html (1,024 bytes of UTF-8). DeleteObjects:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html (1,000 keys per request). User metadata:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html (2 KB).
 */
public final class S3Limits {
  public static final long MIB = 1024L * 1024;
  public static final long MIN_PART_SIZE = 5 * MIB;
  public static final long MAX_PART_SIZE = 5 * 1024 * MIB;
  public static final int MAX_PARTS = 10_000;
  public static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * MIB;
  public static final int MAX_KEY_BYTES = 1024;
  public static final int MAX_KEYS_PER_DELETE = 1000;

  private S3Limits() {}
}
