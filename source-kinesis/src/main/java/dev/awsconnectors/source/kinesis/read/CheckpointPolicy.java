package dev.awsconnectors.source.kinesis.read;

import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig.CheckpointInterval;
import java.util.OptionalLong;

/**
 * When one stream's STATE is due during a sync: after {@code records} records since its last STATE, or once
 * {@code interval} passed since its last STATE if its state changed since (records emitted, shards finished or
 * gone, misplaced records passed over). Counts the records each STATE covers. Pure: times are epoch milliseconds
 * given by the caller.
 *
 * <p>Lifecycle: created when the stream's reading starts; {@link #recordEmitted} and {@link #changed} as the state
 * moves; the caller emits a STATE when {@link #recordEmitted} returns true or {@link #isDue} does, and then calls
 * {@link #checkpointed}. Not thread-safe: owned by the emitting thread.
 */
final class CheckpointPolicy {
  private final long everyRecords;
  private final long intervalMillis;
  private long recordsSince;
  private boolean changed;
  private long lastAtMillis;

  CheckpointPolicy(CheckpointInterval interval, long startMillis) {
    this.everyRecords = interval.records();
    this.intervalMillis = interval.interval().toMillis();
    this.lastAtMillis = startMillis;
  }

  /** One more record was emitted; true if a STATE is due now for the count of records. */
  boolean recordEmitted() {
    recordsSince++;
    changed = true;
    return recordsSince >= everyRecords;
  }

  /** The state changed without a record (a shard finished or vanished, records were passed over). */
  void changed() {
    changed = true;
  }

  /** Whether a STATE is due at {@code nowMillis} for the time since the last one. */
  boolean isDue(long nowMillis) {
    return changed && nowMillis - lastAtMillis >= intervalMillis;
  }

  /** When a STATE falls due for the time if nothing else happens; empty while the state is unchanged. */
  OptionalLong dueAtMillis() {
    return changed ? OptionalLong.of(lastAtMillis + intervalMillis) : OptionalLong.empty();
  }

  /** A STATE was emitted at {@code nowMillis}; returns how many records it covers (those since the last one). */
  long checkpointed(long nowMillis) {
    long covered = recordsSince;
    recordsSince = 0;
    changed = false;
    lastAtMillis = nowMillis;
    return covered;
  }
}
