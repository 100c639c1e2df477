package dev.awsconnectors.destination.kinesis.batch;

import dev.awsconnectors.kinesis.record.KinesisLimits;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts PutRecords requests: at most {@code maxEntries} entries and {@code maxBytes} bytes (data plus partition key of
 * every entry), taking entries from the front of a queue in order. An entry larger than {@code maxBytes} on its own
 * (possible only on streams whose maximum record size was raised) travels alone.
 *
 * @see dev.awsconnectors.kinesis.record.KinesisLimits#PUT_RECORDS_MAX_ENTRIES
 * @see dev.awsconnectors.kinesis.record.KinesisLimits#PUT_RECORDS_MAX_BYTES
 */
public final class PutRecordsBatcher<E> {
  private final int maxEntries;
  private final long maxBytes;
  private final ToIntFunction<E> size;

  /** @param size an entry's bytes as Kinesis counts them: data plus UTF-8 partition key */
  public PutRecordsBatcher(int maxEntries, long maxBytes, ToIntFunction<E> size) {
    if (maxEntries < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.size = size;
  }

  /** True if {@code count} entries of {@code bytes} bytes fill a request, so waiting for more gains nothing. */
  public boolean fillsRequest(int count, long bytes) {
    return count >= maxEntries || bytes >= maxBytes;
  }

  /** Removes and returns the longest prefix of {@code queue} that fits in one request (at least one entry). */
  public List<E> take(Deque<E> queue) {
    List<E> batch = new ArrayList<>(Math.min(queue.size(), maxEntries));
    long bytes = 0;
    while (!queue.isEmpty() && batch.size() < maxEntries) {
      int next = size.applyAsInt(queue.peekFirst());
      if (!batch.isEmpty() && bytes + next > maxBytes) {
        break;
      }
      batch.add(queue.pollFirst());
      bytes += next;
    }
    return batch;
  }

  /** The byte limit of one request to a stream whose records may be up to {@code maxRecordBytes} (raised limits). */
  public static long requestBytesFor(int maxRecordBytes) {
    return Math.max(KinesisLimits.PUT_RECORDS_MAX_BYTES, maxRecordBytes);
  }

  public int maxEntries() {
    return maxEntries;
  }

  public long maxBytes() {
    return maxBytes;
  }
}
