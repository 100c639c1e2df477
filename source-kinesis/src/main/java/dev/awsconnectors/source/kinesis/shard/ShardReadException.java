package dev.awsconnectors.source.kinesis.shard;

/**
 * A failure of a shard call that the reader handles itself (renew the iterator, fall back, let the shard go), as
 * opposed to every other failure, which ends the sync: throttling and transient errors arrive only once the SDK's
 * retries (the connection's one retry policy) are spent, already classified as transient errors.
 */
public final class ShardReadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** ExpiredIteratorException: get a new iterator from the last position read. */
    ITERATOR_EXPIRED,
    /**
     * Kinesis refused a sequence number for this shard (InvalidArgumentException on AWS, ResourceNotFoundException
     * on kinesis-mock): it is older than the retention period, beyond the shard's data, or of another shard.
     */
    POSITION_REJECTED,
    /** The shard no longer exists: it expired after the retention period. */
    SHARD_NOT_FOUND
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
