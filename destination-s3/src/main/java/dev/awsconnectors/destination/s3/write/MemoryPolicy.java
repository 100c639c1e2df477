package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.destination.s3.storage.S3Limits;
import java.util.List;

/**
 * What to do when the memory budget is used up, so that memory does not grow with the number of streams or open
 * files: while parts being uploaded hold half the budget or more, wait for them (they free memory as they finish);
 * otherwise relieve the open file holding the most memory, by uploading its part early when that part is large
 * enough to be a non-final part (5 MiB), else by finishing the file early.
 */
final class MemoryPolicy {
  private MemoryPolicy() {}

  /** Memory held by one open file: its part buffer and what its format writer buffers (a Parquet row group). */
  record Load<F>(F file, long partBytes, long formatBytes) {
    long total() {
      return partBytes + formatBytes;
    }
  }

  enum Kind { NONE, WAIT_FOR_UPLOADS, HAND_OVER_PART, FINISH_FILE }

  record Action<F>(Kind kind, F file) {}

  /**
   * @param limit the budget
   * @param inFlight bytes held by parts queued or uploading
   * @param files the open files
   */
  static <F> Action<F> decide(long limit, long inFlight, List<Load<F>> files) {
    long total = inFlight;
    Load<F> largest = null;
    for (Load<F> load : files) {
      total += load.total();
      if (largest == null || load.total() > largest.total()) {
        largest = load;
      }
    }
    if (total <= limit) {
      return new Action<>(Kind.NONE, null);
    }
    if (inFlight >= limit / 2 || largest == null || largest.total() == 0) {
      return new Action<>(Kind.WAIT_FOR_UPLOADS, null);
    }
    if (largest.partBytes() >= S3Limits.MIN_PART_SIZE && largest.partBytes() >= largest.formatBytes()) {
      return new Action<>(Kind.HAND_OVER_PART, largest.file());
    }
    return new Action<>(Kind.FINISH_FILE, largest.file());
  }
}
