package dev.awsconnectors.destination.s3.write;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of one stream waiting to be encoded together. Encoding a run of one stream's records keeps that
 * stream's format writer (Parquet's dictionaries and column writers) in the CPU's caches, where encoding many
 * interleaved streams record by record evicts it at every record: runs of 64 cut the CPU of 20 interleaved Parquet
 * streams by about a fifth. Runs stay short and small: at most {@code maxRecords}, and at most {@code maxBytes} as
 * estimated from the stream's recent encoded record sizes (a parsed record takes several times its encoded size), so
 * a stream of large records is encoded record by record. A run of 1 encodes every record as it comes.
 *
 * <p>Lifecycle: {@link #add} each record; when it answers true, {@link #take()} the run and encode it, reporting
 * the bytes with {@link #encoded}. Pure; used under the writer's state lock.
 *
 * @param <R> a waiting record
 */
final class RecordRun<R> {
  /** How many times its encoded size a parsed record is estimated to take in memory. */
  static final int PARSED_TO_ENCODED = 8;

  private final int maxRecords;
  private final long maxBytes;
  private final List<R> waiting = new ArrayList<>();
  /** Bytes per encoded record, a moving average; 0 until the first record was encoded. */
  private long averageEncoded;

  RecordRun(int maxRecords, long maxBytes) {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("A run holds at least one record");
    }
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
  }

  /** Adds a record; true if the run must be encoded now. */
  boolean add(R record) {
    waiting.add(record);
    return averageEncoded == 0 || waiting.size() >= maxRecords || heldBytes() >= maxBytes;
  }

  /** The waiting records, in order; the run is empty afterwards. */
  List<R> take() {
    List<R> run = List.copyOf(waiting);
    waiting.clear();
    return run;
  }

  /** {@code records} records of this stream were encoded into {@code bytes}. */
  void encoded(int records, long bytes) {
    if (records <= 0) {
      return;
    }
    long perRecord = Math.max(1, bytes / records);
    averageEncoded = averageEncoded == 0 ? perRecord : (averageEncoded * 7 + perRecord) / 8;
  }

  /** The estimated memory of the waiting records. */
  long heldBytes() {
    return waiting.size() * averageEncoded * PARSED_TO_ENCODED;
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }
}
