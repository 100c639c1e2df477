package dev.awsconnectors.destination.kinesis.config;

import dev.awsconnectors.commons.aws.AwsConnection;
import dev.awsconnectors.destination.kinesis.envelope.FieldPath;
import java.time.Duration;
import java.util.Optional;

/**
 * The destination's configuration, parsed once from the spec-validated JSON ({@link KinesisConfigParser}) with
 * defaults applied. Nothing below the parser sees raw JSON.
 */
public record KinesisDestinationConfig(
    AwsConnection connection,
    Naming naming,
    Creation creation,
    PayloadFormat payload,
    PartitionKeySpec partitionKey,
    Optional<FieldPath> explicitHashKeyField,
    OversizedRecords oversizedRecords,
    Aggregation aggregation,
    Sending sending,
    InvalidPayloads invalidPayloads) {

  /** Where records go: one fixed stream, or {@code prefix + namespace_stream} per catalog stream. */
  public record Naming(Optional<String> targetStream, String prefix) {}

  /** Whether and how missing streams are created, and how long to wait for ACTIVE. */
  public record Creation(boolean createMissing, StreamMode mode, int shardCount, Duration activeTimeout) {}

  public enum StreamMode { PROVISIONED, ON_DEMAND }

  public enum OversizedRecords { FAIL, SKIP }

  /** What happens to a record without a valid payload (a template that fails or renders no JSON, a missing field). */
  public enum InvalidPayloads { FAIL, SKIP }

  /** KPL aggregation; {@code maxBytes} bounds one aggregate (data plus partition key). */
  public record Aggregation(boolean enabled, int maxBytes, Duration shardMapRefresh) {}

  /**
   * How PutRecords requests are cut and sent.
   *
   * @param maxEntriesPerRequest at most 500 ({@code bufferSize})
   * @param flushInterval how long a record may wait for a fuller request
   * @param maxBufferedBytes records held in memory (waiting, in flight or retrying) before input is paused
   */
  public record Sending(int maxEntriesPerRequest, Duration flushInterval, int maxConcurrentRequests,
      boolean preserveKeyOrder, long maxBufferedBytes) {

    /** These settings without the per-key order (for keys that are never shared by two records). */
    public Sending withoutKeyOrder() {
      return new Sending(maxEntriesPerRequest, flushInterval, maxConcurrentRequests, false, maxBufferedBytes);
    }
  }
}
