package dev.awsconnectors.source.kinesis.read;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records a sync may still emit ({@code max_records_per_sync}), shared fairly between the shards being read:
 * each GetRecords call asks for at most the remaining budget divided by the number of shards being read, so one
 * busy shard cannot take the whole budget while others wait (dlt's source reads shards one after another and starves
 * the later ones). Only the emitting thread takes from it; readers only look.
 */
public final class RecordBudget {
  private final boolean limited;
  private final AtomicLong remaining;

  public RecordBudget(OptionalLong max) {
    this.limited = max.isPresent();
    this.remaining = new AtomicLong(max.orElse(Long.MAX_VALUE));
  }

  /** The Limit for the next GetRecords call on one shard while {@code activeShards} shards are being read. */
  public int fairLimit(int recordsPerCall, int activeShards) {
    if (!limited) {
      return recordsPerCall;
    }
    long left = remaining.get();
    long share = (left + Math.max(1, activeShards) - 1) / Math.max(1, activeShards);
    return (int) Math.max(1, Math.min(recordsPerCall, share));
  }

  /** Takes one record from the budget; false (and nothing taken) when it is spent. */
  public boolean tryTake() {
    if (!limited) {
      return true;
    }
    if (remaining.get() <= 0) {
      return false;
    }
    remaining.decrementAndGet();
    return true;
  }

  public boolean isSpent() {
    return limited && remaining.get() <= 0;
  }
}
