package dev.awsconnectors.source.kinesis.read;

import dev.awsconnectors.source.kinesis.shard.ShardPacer;
import java.time.Duration;

/**
 * Timings of a read that are not user settings: per-shard pacing (Kinesis' per-shard read limits: pacing, not
 * retrying), how often the emitting thread wakes up to check time-based checkpoints and the deadline (and how long
 * a shard waits while the calls in flight hold the whole record budget), and how often progress is logged. Tests
 * shorten them. Retries are the connection's {@code RetryPolicy}, not a tuning.
 */
public record ReadTuning(ShardPacer pacer, Duration pollInterval, Duration progressInterval) {

  public static final ReadTuning DEFAULT = new ReadTuning(ShardPacer.KINESIS_LIMITS, Duration.ofMillis(200),
      Duration.ofSeconds(10));
}
