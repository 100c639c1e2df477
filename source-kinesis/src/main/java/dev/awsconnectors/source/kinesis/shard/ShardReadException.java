package dev.awsconnectors.source.kinesis.shard;

/**
 * A failure of a shard call that the reader handles itself (retry, back off, fall back), as opposed to the
 * configuration and access failures that end the sync.
 */
public final class ShardReadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** ProvisionedThroughputExceededException or another throttling answer: back off and retry. */
    THROTTLED,
    /** ExpiredIteratorException: get a new iterator from the last position read. */
    ITERATOR_EXPIRED,
    /**
     * Kinesis refused a sequence number for this shard (InvalidArgumentException on AWS, ResourceNotFoundException
     * on kinesis-mock): it is older than the retention period, beyond the shard's data, or of another shard.
     */
    POSITION_REJECTED,
    /** The shard no longer exists: it expired after the retention period. */
    SHARD_NOT_FOUND,
    /** A 5xx answer, a timeout or a network error that persisted through the SDK's retries. */
    TRANSIENT
  }

  private final Kind kind;

  public ShardReadException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
