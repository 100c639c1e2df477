package dev.awsconnectors.source.kinesis.read;

import java.util.OptionalLong;

/**
 * The records a sync may still emit ({@code max_records_per_sync}), shared fairly between the shards being read
 * (dlt's source reads shards one after another and starves the later ones). Before each GetRecords call a reader
 * reserves its share: what is neither emitted nor reserved by calls in flight, divided by the shards that have no
 * call in flight. A shard that finds nothing left to reserve waits until the emitting thread has emitted the pages
 * in flight and released their reservations. Thread-safe.
 */
public final class RecordBudget {
  private final boolean limited;
  private long remaining;
  private long reserved;
  private int inFlight;

  public RecordBudget(OptionalLong max) {
    this.limited = max.isPresent();
    this.remaining = max.orElse(Long.MAX_VALUE);
  }

  /**
   * Reserves the Limit of one GetRecords call while {@code activeShards} shards are being read, or returns 0 if
   * nothing is left to reserve now; every positive reservation must be {@link #release}d once its page is handled.
   */
  public synchronized int reserve(int recordsPerCall, int activeShards) {
    if (!limited) {
      return recordsPerCall;
    }
    long available = remaining - reserved;
    if (available <= 0) {
      return 0;
    }
    int waiting = Math.max(1, activeShards - inFlight);
    int limit = (int) Math.max(1, Math.min(recordsPerCall, (available + waiting - 1) / waiting));
    reserved += limit;
    inFlight++;
    return limit;
  }

  /** Gives back a reservation of {@link #reserve}, after its page was emitted (or dropped). */
  public synchronized void release(int limit) {
    if (limited && limit > 0) {
      reserved -= limit;
      inFlight--;
    }
  }

  /** Takes one record from the budget; false (and nothing taken) when it is spent. */
  public synchronized boolean tryTake() {
    if (!limited) {
      return true;
    }
    if (remaining <= 0) {
      return false;
    }
    remaining--;
    return true;
  }

  public synchronized boolean isSpent() {
    return limited && remaining <= 0;
  }
}
