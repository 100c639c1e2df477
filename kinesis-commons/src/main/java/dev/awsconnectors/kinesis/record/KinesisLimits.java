package dev.awsconnectors.kinesis.record;

/**
 * Kinesis Data Streams service limits, in one place.
 *
 * @see <a href="https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html">Quotas and limits</a>
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html">PutRecords</a>
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html">GetRecords</a>
 */
public final class KinesisLimits {
  private KinesisLimits() {}

  /** Entries in one PutRecords request. */
  public static final int PUT_RECORDS_MAX_ENTRIES = 500;
  /** Bytes of one PutRecords request, counting every entry's data and partition key. */
  public static final int PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;
  /** Bytes of one record (data plus partition key) on a stream with the default maximum record size. */
  public static final int RECORD_MAX_BYTES = 1024 * 1024;
  /** Unicode characters of a partition key (at least 1). */
  public static final int PARTITION_KEY_MAX_CHARS = 256;
  /** Records one GetRecords call may return ({@code Limit} is 1..10,000). */
  public static final int GET_RECORDS_MAX_LIMIT = 10_000;
  /** GetRecords calls per second per shard, shared by all polling consumers. */
  public static final int GET_RECORDS_CALLS_PER_SECOND = 5;
  /** Bytes per second a shard serves to polling consumers. */
  public static final int SHARD_READ_BYTES_PER_SECOND = 2 * 1024 * 1024;
  /** Characters of a stream name. */
  public static final int STREAM_NAME_MAX_CHARS = 128;
  /** A shard iterator expires this many milliseconds after it was returned. */
  public static final long SHARD_ITERATOR_TTL_MILLIS = 5 * 60 * 1000;
}
