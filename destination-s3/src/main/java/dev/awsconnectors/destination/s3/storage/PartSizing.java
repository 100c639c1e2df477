package dev.awsconnectors.destination.s3.storage;

/**
 * The size of each part of a multipart upload. Parts start at {@code firstPartSize} (at least 8 MiB, more for a
 * very large target file size so that the target fits in 9,000 parts) and double every 1,000 parts, up to S3's
 * 5 GiB, so that 10,000 parts always reach S3's 5 TiB object limit: there is no 50 GB ceiling.
 */
public record PartSizing(long firstPartSize) {
  public static final long DEFAULT_FIRST_PART = 8 * S3Limits.MIB;
  static final int PARTS_PER_STEP = 1000;

  public PartSizing {
    if (firstPartSize < S3Limits.MIN_PART_SIZE || firstPartSize > S3Limits.MAX_PART_SIZE) {
      throw new IllegalArgumentException("A part is 5 MiB to 5 GiB, not " + firstPartSize + " bytes");
    }
  }

  /** The sizing for files that roll at {@code targetFileSize} bytes. */
  public static PartSizing forTargetFileSize(long targetFileSize) {
    long needed = (targetFileSize + 8_999) / 9_000;
    long roundedToMib = (needed + S3Limits.MIB - 1) / S3Limits.MIB * S3Limits.MIB;
    return new PartSizing(Math.min(S3Limits.MAX_PART_SIZE, Math.max(DEFAULT_FIRST_PART, roundedToMib)));
  }

  /** The size of part {@code partNumber} (from 1); every part but the last has exactly this size. */
  public long partSize(int partNumber) {
    if (partNumber < 1 || partNumber > S3Limits.MAX_PARTS) {
      throw new IllegalArgumentException("Part numbers are 1 to " + S3Limits.MAX_PARTS + ", not " + partNumber);
    }
    int doublings = (partNumber - 1) / PARTS_PER_STEP;
    long size = firstPartSize;
    for (int i = 0; i < doublings && size < S3Limits.MAX_PART_SIZE; i++) {
      size *= 2;
    }
    return Math.min(S3Limits.MAX_PART_SIZE, size);
  }

  /** The largest object these parts can make (S3's 5 TiB limit at most). */
  public long maxObjectSize() {
    long total = 0;
    for (int part = 1; part <= S3Limits.MAX_PARTS; part++) {
      total += partSize(part);
      if (total >= S3Limits.MAX_OBJECT_SIZE) {
        return S3Limits.MAX_OBJECT_SIZE;
      }
    }
    return total;
  }
}
