package dev.awsconnectors.source.kinesis.read;

import dev.awsconnectors.source.kinesis.shard.ShardPacer;
import dev.awsconnectors.source.kinesis.shard.ShardReader.RetryBudget;
import java.time.Duration;

/**
 * Timings of a read that are not user settings: per-shard pacing, the retry policy, and how often the emitting thread
 * wakes up to check time-based checkpoints and the deadline. Tests shorten them.
 */
public record ReadTuning(ShardPacer pacer, Duration backoffBase, Duration backoffMax, RetryBudget retryBudget,
    Duration pollInterval, Duration progressInterval) {

  public static final ReadTuning DEFAULT = new ReadTuning(ShardPacer.KINESIS_LIMITS, Duration.ofMillis(250),
      Duration.ofSeconds(20), RetryBudget.DEFAULT, Duration.ofMillis(200), Duration.ofSeconds(10));
}
