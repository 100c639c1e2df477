package dev.awsconnectors.source.kinesis.shard;

import dev.awsconnectors.kinesis.record.KinesisLimits;
import java.time.Duration;

/**
 * Keeps one shard's reads within Kinesis' per-shard read limits, which all polling consumers of the shard share:
 * at most 5 GetRecords calls per second, and 2 MiB per second on average. After a call that returned {@code n}
 * bytes, the next call waits until at least 200 ms and {@code n / 2 MiB} seconds have passed since the call
 * started; this also honours "a call that returned 10 MiB throttles the shard for 5 seconds". Pure.
 */
public final class ShardPacer {
  public static final ShardPacer KINESIS_LIMITS = new ShardPacer(
      Duration.ofMillis(1000 / KinesisLimits.GET_RECORDS_CALLS_PER_SECOND), KinesisLimits.SHARD_READ_BYTES_PER_SECOND);

  private final long minIntervalMillis;
  private final long bytesPerSecond;

  public ShardPacer(Duration minInterval, long bytesPerSecond) {
    if (minInterval.isNegative() || bytesPerSecond <= 0) {
      throw new IllegalArgumentException("Invalid pacing");
    }
    this.minIntervalMillis = minInterval.toMillis();
    this.bytesPerSecond = bytesPerSecond;
  }

  /** The earliest time (epoch ms) of the next GetRecords call on the shard. */
  public long nextCallAt(long callStartedAtMillis, long pageBytes) {
    long byteMillis = (long) Math.ceil(pageBytes * 1000.0 / bytesPerSecond);
    return callStartedAtMillis + Math.max(minIntervalMillis, byteMillis);
  }
}
