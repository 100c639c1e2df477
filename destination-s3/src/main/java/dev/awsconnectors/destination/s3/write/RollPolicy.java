package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.destination.s3.storage.S3Limits;

/**
 * When a file is finished because of its own size: at the target size (counted after compression, including what
 * the format writer still buffers), or one part before S3's 10,000-part limit, whichever comes first. Files also end
 * early for a waiting state ({@link FlushSchedule}) or for memory ({@link MemoryPolicy}). Pure.
 *
 * @param targetFileSize bytes after compression
 */
record RollPolicy(long targetFileSize) {

  RollPolicy {
    if (targetFileSize <= 0) {
      throw new IllegalArgumentException("The target file size must be positive");
    }
  }

  /**
   * @param size the file's size so far
   * @param partsHandedOver parts of the file already handed to the upload
   */
  boolean shouldRoll(long size, int partsHandedOver) {
    return size >= targetFileSize || partsHandedOver >= S3Limits.MAX_PARTS - 1;
  }
}
