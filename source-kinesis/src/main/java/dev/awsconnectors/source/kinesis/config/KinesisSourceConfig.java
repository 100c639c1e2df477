package dev.awsconnectors.source.kinesis.config;

import dev.awsconnectors.commons.aws.AwsConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The source's configuration, parsed once from the spec's JSON by {@link KinesisSourceConfigParser} with defaults
 * applied. Immutable; nothing below the parser sees raw JSON.
 *
 * @param aws how to reach Kinesis
 * @param streams the Kinesis streams to offer; empty means every stream of the account in the region
 * @param startPosition where shards without a saved position start on a stream's first sync
 * @param parseJson whether payloads that are JSON objects become the record's {@code data} object
 * @param recordsPerCall the {@code Limit} of each GetRecords call, 1..10,000
 * @param caughtUpMillisBehindLatest a shard is caught up when MillisBehindLatest is at most this, with a short page
 * @param maxRecordsPerSync stop after this many records in one sync, if set
 * @param maxSyncDuration stop reading after this long, if set
 * @param maxConcurrentShards how many shards are read at the same time
 * @param checkpoint when STATE messages are emitted during a sync
 * @param keepMisplacedRecords whether user records of KPL aggregates outside the shard's hash key range are kept
 *     (by default they are dropped, as KCL consumers do, because the KPL re-sends them to the right shard)
 * @param layout where the payload's fields go in a record
 * @param schema how discover declares the payload's schema
 */
public record KinesisSourceConfig(
    AwsConnection aws,
    List<String> streams,
    StartPosition startPosition,
    boolean parseJson,
    int recordsPerCall,
    long caughtUpMillisBehindLatest,
    OptionalLong maxRecordsPerSync,
    Optional<Duration> maxSyncDuration,
    int maxConcurrentShards,
    CheckpointInterval checkpoint,
    boolean keepMisplacedRecords,
    RecordLayout layout,
    SchemaOptions schema) {

  public static final int DEFAULT_RECORDS_PER_CALL = 10_000;
  public static final long DEFAULT_CAUGHT_UP_MILLIS = 1_000;
  public static final int DEFAULT_MAX_CONCURRENT_SHARDS = 8;

  public KinesisSourceConfig {
    Objects.requireNonNull(aws, "aws");
    streams = List.copyOf(streams);
    Objects.requireNonNull(startPosition, "startPosition");
    Objects.requireNonNull(maxRecordsPerSync, "maxRecordsPerSync");
    Objects.requireNonNull(maxSyncDuration, "maxSyncDuration");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(schema, "schema");
  }

  /** This configuration reaching Kinesis through {@code connection} (a check's bounded retry policy, say). */
  public KinesisSourceConfig withAws(AwsConnection connection) {
    return new KinesisSourceConfig(connection, streams, startPosition, parseJson, recordsPerCall,
        caughtUpMillisBehindLatest, maxRecordsPerSync, maxSyncDuration, maxConcurrentShards, checkpoint,
        keepMisplacedRecords, layout, schema);
  }

  /** Whether the user chose the streams (otherwise every stream of the account is offered). */
  public boolean hasStreamList() {
    return !streams.isEmpty();
  }

  /**
   * When a stream's STATE is emitted during a sync: after {@code records} of its records, or when it made progress
   * and {@code interval} passed since its previous STATE. A final STATE is always emitted at the end.
   */
  public record CheckpointInterval(long records, Duration interval) {
    public static final CheckpointInterval DEFAULT = new CheckpointInterval(10_000, Duration.ofSeconds(30));

    public CheckpointInterval {
      if (records < 1 || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("Checkpoint intervals must be positive");
      }
    }
  }
}
