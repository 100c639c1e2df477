package dev.awsconnectors.source.kinesis.read;

import dev.awsconnectors.source.kinesis.shard.IteratorPosition;
import dev.awsconnectors.source.kinesis.shard.ResumeFilter;
import dev.awsconnectors.source.kinesis.state.ShardCheckpoint;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a shard's reading starts in a sync, and what of it to skip because an earlier sync emitted it. Pure.
 *
 * <ul>
 *   <li>after a whole Kinesis record: AFTER_SEQUENCE_NUMBER, skipping everything up to it (in case Kinesis rejects
 *       the position and the reader falls back to TRIM_HORIZON);</li>
 *   <li>inside a KPL aggregate: AT_SEQUENCE_NUMBER, skipping the aggregate's user records already emitted;</li>
 *   <li>no position yet: the stream's start timestamp (LATEST and AT_TIMESTAMP starts), else TRIM_HORIZON.</li>
 * </ul>
 */
record ResumePlan(IteratorPosition start, Optional<ResumeFilter> filter) {

  ResumePlan {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(filter, "filter");
  }

  /**
   * @param checkpoint the shard's saved position; a finished shard is not read again
   * @param startTimestamp where shards without a position start (empty: TRIM_HORIZON)
   */
  static ResumePlan of(ShardCheckpoint checkpoint, Optional<Instant> startTimestamp) {
    if (checkpoint.finished()) {
      throw new IllegalArgumentException("A finished shard is not read again");
    }
    if (!checkpoint.hasPosition()) {
      return new ResumePlan(startTimestamp.map(IteratorPosition::atTimestamp).orElseGet(IteratorPosition::trimHorizon),
          Optional.empty());
    }
    String sequence = checkpoint.sequenceNumber().orElseThrow();
    if (checkpoint.insideAggregate()) {
      return new ResumePlan(IteratorPosition.atSequenceNumber(sequence),
          Optional.of(ResumeFilter.inside(sequence, checkpoint.subSequenceNumber().getAsLong())));
    }
    return new ResumePlan(IteratorPosition.afterSequenceNumber(sequence),
        Optional.of(ResumeFilter.through(sequence)));
  }
}
